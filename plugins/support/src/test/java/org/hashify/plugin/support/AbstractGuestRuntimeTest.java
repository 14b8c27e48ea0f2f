package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hashify.api.DiscoveredGuest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared part of the runtimes, through a runtime that only passes its helpers on. */
class AbstractGuestRuntimeTest {

    @TempDir
    Path bin;

    private final DiscoveredGuest web = DiscoveredGuest.plain("web", "demo", Path.of("/srv/web"));

    @Test
    void keepsItsIdAndDefaultDirectory() {
        DemoRuntime runtime = runtime();

        assertEquals("demo", runtime.id());
        assertEquals(Path.of("/etc/demo"), runtime.defaultDirectory());
    }

    @Test
    void probesWithTheArgumentsAndNamesTheGuestWhenTheToolCannotRun() throws IOException {
        Path tool = FakeTool.write(bin, "demo-info", "echo running");
        DemoRuntime runtime = runtime();

        ToolResult result = runtime.probe(web, tool, List.of("-n", "web"), "Check it.");

        assertEquals("running\n", result.output());
        assertEquals("-n\nweb\n", FakeTool.arguments(tool));
        IOException e = assertThrows(IOException.class,
                () -> runtime.probe(web, bin.resolve("absent"), List.of(), "Check demo with 'demo-ls'."));
        assertTrue(e.getMessage().startsWith("Cannot tell whether demo guest web is running: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(". Check demo with 'demo-ls'."), e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void saysWhatAToolThatAnsweredNeitherYesNorNoSaid() {
        ToolResult result = new ToolResult(List.of("/usr/bin/demo-info", "web"), 5, "", "no such guest\n");

        assertEquals("Cannot tell whether demo guest web is running: '/usr/bin/demo-info web' exited with status 5:"
                + " no such guest. Check it.", runtime().unanswered(web, result, "Check it.").getMessage());
    }

    @Test
    void passesOnlyNamesThatAToolTakesAsOneArgument() {
        DemoRuntime runtime = runtime();
        DiscoveredGuest bad = DiscoveredGuest.plain("bad\nname", "demo", Path.of("/srv/bad"));

        assertEquals("web", runtime.checkedName(web));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runtime.checkedName(bad));
        assertEquals("demo guest bad\\x0aname: the name contains a control character such as a newline",
                e.getMessage());
    }

    @Test
    void buildsTheCommandLineWithTheToolsPathAndRefusesAnEmptyCommand() throws IOException {
        Path tool = FakeTool.write(bin, "demo-attach", "exit 0");
        DemoRuntime runtime = runtime();

        assertEquals(List.of(tool.toString(), "-n", "web", "--", "apt-get", "upgrade"),
                runtime.commandLine("demo-attach", List.of("-n", "web", "--"), List.of("apt-get", "upgrade")));
        assertEquals(List.of(bin.resolve("absent").toString(), "true"),
                runtime.commandLine("absent", List.of(), List.of("true")));
        runtime.requireCommand(web, List.of("true"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runtime.requireCommand(web, List.of()));
        assertEquals("No command to run in demo guest web", e.getMessage());
    }

    private DemoRuntime runtime() {
        return new DemoRuntime(new HostTools(List.of(bin), Duration.ofSeconds(5)));
    }

    /** Discovers nothing; makes the helpers callable from this test. */
    private static final class DemoRuntime extends AbstractGuestRuntime {

        DemoRuntime(HostTools tools) {
            super("demo", Path.of("/etc/demo"), tools);
        }

        @Override
        public Discovery discover(Path directory) {
            return new Discovery(List.of(), List.of());
        }

        @Override
        public boolean isRunning(DiscoveredGuest guest) {
            return false;
        }

        @Override
        public List<String> enterCommand(DiscoveredGuest guest, List<String> command) {
            return command;
        }
    }
}
