package org.hashify.dist.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hashify.cli.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the generated script in a real bash, with a stub command that lists (or fails to list) guests. */
class BashCompletionTest {
    @TempDir
    Path dir;

    private Path script;
    private Path tool;
    private Path failingTool;

    record Completion(List<String> words, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        script = write("completion.bash", BashCompletion.script(FixtureCli.commandLine()));
        // The stub is what COMP_WORDS[0] names, as a user would type it.
        tool = executable("tool", "#!/bin/sh\n[ \"$1 $2\" = 'guests --names' ] && printf 'web1\\nweb2\\ndb\\n' && exit 0\n"
                + "echo 'tool: unexpected arguments' >&2; exit 2\n");
        failingTool = executable("broken", "#!/bin/sh\necho 'broken: cannot read /etc/vservers' >&2\nexit 3\n");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Path executable(String name, String content) throws IOException {
        Path p = write(name, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** Completes with the fixture's script, for its command "tool". */
    private Completion completeTool(String... words) throws IOException, InterruptedException {
        return complete(script, "tool", words);
    }

    /**
     * Completes the last word of {@code words}, as bash would on Tab, with the generated script loaded and the
     * function it registered for {@code name}.
     */
    private Completion complete(Path scriptFile, String name, String... words) throws IOException, InterruptedException {
        StringBuilder driver = new StringBuilder("source \"$1\"; spec=$(complete -p \"$2\"); shift 2\n")
                .append("COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n")
                .append("COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()\n")
                .append("fn=${spec#*-F }; fn=${fn%% *}\n")
                .append("\"$fn\"; status=$?\n")
                .append("printf '%s\\n' \"${COMPREPLY[@]}\"; exit $status\n");
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "--norc", "--noprofile", "-c", driver.toString(), "bash",
                scriptFile.toString(), name));
        cmd.addAll(List.of(words));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "completion function failed: " + err);
        return new Completion(out.isEmpty() ? List.of() : List.of(out.split("\n")), err);
    }

    @Test
    void guestParametersCompleteToTheNamesTheCommandLists() throws Exception {
        Completion c = completeTool(tool.toString(), "sync", "we");
        assertTrue(c.words().containsAll(List.of("web1", "web2")), c.toString());
        assertFalse(c.words().contains("db"), c.toString());
        assertTrue(completeTool(tool.toString(), "s", "").words().contains("db"), "through the alias too");
        assertTrue(completeTool(tool.toString(), "sync", "--like", "").words().contains("db"), "a GUEST option");
    }

    @Test
    void otherPositionsOfferNoGuestNames() throws Exception {
        assertFalse(completeTool(tool.toString(), "show", "").words().contains("web1"), "show takes no guests");
        assertFalse(completeTool(tool.toString(), "sync", "--store", "").words().contains("web1"), "--store's value");
        assertFalse(completeTool(tool.toString(), "sync", "web1", "--", "").words().contains("web1"), "after --");
        Completion options = completeTool(tool.toString(), "sync", "--d");
        assertEquals(List.of("--dot", "--dry-run"), options.words().stream().sorted().toList());
    }

    @Test
    void commandsAndOptionsStillCompleteFromPicocli() throws Exception {
        assertTrue(completeTool(tool.toString(), "").words().containsAll(List.of("sync", "show", "help")));
        assertTrue(completeTool(tool.toString(), "sync", "--st").words().contains("--store"));
    }

    @Test
    void aFailingGuestsCommandOffersNoNamesAndSaysNothing() throws Exception {
        Completion c = completeTool(failingTool.toString(), "sync", "");
        assertFalse(c.words().contains("web1"), c.toString());
        assertFalse(c.err().contains("cannot read"), c.err());
        Completion missing = completeTool(dir.resolve("no-such-tool").toString(), "sync", "");
        assertFalse(missing.err().contains("No such file"), missing.err());
    }

    @Test
    void theRealScriptLoadsRegistersAndOffersGuestNamesWhereTheCliTakesGuests() throws Exception {
        CommandLine cli = Main.commandLine();
        Path real = write("hashify", BashCompletion.script(cli));
        Process p = new ProcessBuilder("/bin/bash", "--norc", "--noprofile", "-c",
                "source \"$1\" && complete -p hashify", "bash", real.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("-F _hashify_complete") && out.strip().endsWith(" hashify"), out);

        Path hashify = executable("hashify-stub", "#!/bin/sh\n[ \"$1 $2\" = 'guests --names' ] && echo web1\n");
        for (CommandSpec sub : ManPage.subcommands(cli.getCommandSpec())) {
            boolean takesGuests = sub.positionalParameters().stream().anyMatch(BashCompletion::takesGuests);
            Completion c = complete(real, "hashify", hashify.toString(), sub.name(), "");
            assertEquals(takesGuests, c.words().contains("web1"), sub.name() + ": " + c);
        }
    }
}
