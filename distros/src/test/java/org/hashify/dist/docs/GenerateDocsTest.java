package org.hashify.dist.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateDocsTest {
    @TempDir
    Path dir;

    private static String gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesOneGzippedPagePerCommandWithTheExtraSectionsOnTheRootPageOnly() throws IOException {
        List<Path> pages = GenerateDocs.writeManPages(FixtureCli.commandLine().getCommandSpec(), dir, "1.2", "2026-01-02",
                ".SH \"FILES\"\n.TP\n/etc/tool\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("tool-show.1.gz", "tool-sync.1.gz", "tool.1.gz"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(3, pages.size());
        String root = gunzip(dir.resolve("tool.1.gz"));
        assertTrue(root.contains(".TH \"TOOL\" \"1\" \"2026\\-01\\-02\" \"tool 1.2\" \"tool manual\""), root);
        assertTrue(root.indexOf(".SH \"FILES\"") < root.indexOf(".SH \"EXAMPLES\""), root);
        assertTrue(!gunzip(dir.resolve("tool-sync.1.gz")).contains("FILES"));
    }

    @Test
    void pagesAreReproducible() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        GenerateDocs.writeManPages(FixtureCli.commandLine().getCommandSpec(), a, "1", "2026-01-02", "");
        GenerateDocs.writeManPages(FixtureCli.commandLine().getCommandSpec(), b, "1", "2026-01-02", "");
        assertEquals(-1L, Files.mismatch(a.resolve("tool.1.gz"), b.resolve("tool.1.gz")));
    }

    @Test
    void theCompletionScriptIsNamedAfterTheCommand() throws IOException {
        Path script = GenerateDocs.writeCompletion(FixtureCli.commandLine(), dir);
        assertEquals(dir.resolve("tool"), script);
        assertTrue(Files.readString(script).contains("complete -F _tool_complete -o default tool"));
    }
}
