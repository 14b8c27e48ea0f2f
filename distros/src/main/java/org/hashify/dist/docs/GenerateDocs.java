package org.hashify.dist.docs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.hashify.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes {@code man/man1/*.1.gz} and {@code bash-completion/hashify} for the Debian package, from the same
 * picocli command definitions the CLI runs, so that neither can drift from {@code hashify --help}.
 *
 * <p>Arguments: OUTPUT_DIR VERSION DATE [EXTRA_SECTIONS_FILE], the last being roff added to hashify(1) (FILES,
 * configuration, scheduling: what the package adds around the command line).
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            throw new IllegalArgumentException("Usage: GenerateDocs OUTPUT_DIR VERSION DATE [EXTRA_SECTIONS_FILE]");
        }
        Path out = Path.of(args[0]);
        String extra = args.length == 4 ? Files.readString(Path.of(args[3]), StandardCharsets.UTF_8) : "";
        CommandLine root = Main.commandLine();
        List<Path> pages = writeManPages(root.getCommandSpec(), out.resolve("man/man1"), args[1], args[2], extra);
        Path completion = writeCompletion(root, out.resolve("bash-completion"));
    }

    /** One gzipped page for the root command and one for every subcommand that {@link ManPage#hasPage has one}. */
    static List<Path> writeManPages(CommandSpec root, Path dir, String version, String date, String extra)
            throws IOException {
        Files.createDirectories(dir);
        List<CommandSpec> commands = new ArrayList<>();
        commands.add(root);
        commands.addAll(ManPage.allSubcommands(root).stream().filter(ManPage::hasPage).toList());
        List<Path> written = new ArrayList<>();
        for (CommandSpec spec : commands) {
            String roff = new ManPage(spec, root.name() + " " + version, date, spec == root ? extra : "").render();
            Path page = dir.resolve(ManPage.name(spec) + ".1.gz");
            writeGzip(page, roff.getBytes(StandardCharsets.UTF_8));
            written.add(page);
        }
        return written;
    }

    static Path writeCompletion(CommandLine root, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(root.getCommandName());
        Files.writeString(file, BashCompletion.script(root), StandardCharsets.UTF_8);
        return file;
    }

    /** gzip -9n: best compression, no name and no time stamp in the header, as Debian wants man pages. */
    private static void writeGzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                GZIPOutputStream gz = new GZIPOutputStream(os) {
                    {
                        def.setLevel(Deflater.BEST_COMPRESSION);
                    }
                }) {
            gz.write(bytes);
        }
    }
}
