package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostToolsTest {

    @TempDir
    Path work;

    @Test
    void findsTheFirstExecutableInDirectoryOrderAndNeverAPlainFile() throws IOException {
        Path first = Files.createDirectories(work.resolve("sbin"));
        Path second = Files.createDirectories(work.resolve("bin"));
        Files.writeString(first.resolve("tool"), "not executable");
        Path executable = script(second, "tool", "exit 0");
        Files.createDirectories(first.resolve("dir-tool"));
        HostTools tools = new HostTools(List.of(first, second), Duration.ofSeconds(5));

        assertEquals(Optional.of(executable), tools.find("tool"));
        assertEquals(Optional.empty(), tools.find("dir-tool"));
        assertEquals(Optional.empty(), tools.find("absent"));
        assertEquals(first.resolve("absent"), tools.pathOf("absent"));
        assertEquals(executable, tools.pathOf("tool"));
    }

    @Test
    void runsWithACleanEnvironmentNoInputAndRootAsItsDirectory() throws IOException {
        Path tool = script(work, "probe", "echo \"HOME=${HOME-unset} PATH=$PATH LC_ALL=$LC_ALL\"; pwd; cat;"
                + " echo oops >&2; exit 3");

        ToolResult result = tools().probe(tool, List.of());

        assertEquals("HOME=unset PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C\n/\n", result.output());
        assertEquals("oops\n", result.errors());
        assertEquals(3, result.exitStatus());
        assertEquals(List.of(tool.toString()), result.command());
    }

    @Test
    void passesArgumentsAsTheyAre() throws IOException {
        Path tool = script(work, "args", "for a in \"$@\"; do echo \"[$a]\"; done");

        ToolResult result = tools().probe(tool, List.of("-n", "two words", "$HOME"));

        assertEquals("[-n]\n[two words]\n[$HOME]\n", result.output());
    }

    @Test
    void killsAToolThatOutlivesTheTimeout() throws IOException {
        Path tool = script(work, "hang", "sleep 30 & wait");
        HostTools tools = new HostTools(List.of(work), Duration.ofMillis(300));
        long start = System.nanoTime();

        IOException e = assertThrows(IOException.class, () -> tools.probe(tool, List.of("x")));

        assertTrue(e.getMessage().contains(tool + " x did not finish within 300 ms"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void describesAFailureOnOneLine() {
        ToolResult result = new ToolResult(List.of("/usr/bin/lxc-info", "-n", "web"), 1, "",
                "web doesn't exist\nsecond line\u001b[31m\n");

        assertEquals("'/usr/bin/lxc-info -n web' exited with status 1: web doesn't exist second line\\x1b[31m",
                result.describe());
        assertEquals("'t' exited with status 2 and no message", new ToolResult(List.of("t"), 2, "", "").describe());
    }

    private HostTools tools() {
        return new HostTools(List.of(work), Duration.ofSeconds(5));
    }

    static Path script(Path dir, String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
