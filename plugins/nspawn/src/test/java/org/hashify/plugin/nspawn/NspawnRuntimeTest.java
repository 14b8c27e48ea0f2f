package org.hashify.plugin.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime.Discovery;
import org.hashify.plugin.support.ExtensionIndexes;
import org.hashify.plugin.support.FakeTool;
import org.hashify.plugin.support.HostTools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery from a fake /var/lib/machines built in a temp root, and machinectl stood in for by a script. */
class NspawnRuntimeTest {

    @TempDir
    Path host;

    private Path machines;
    private Path bin;

    @BeforeEach
    void createLayout() throws IOException {
        host = host.toRealPath(); // relative links resolve from real paths
        machines = Files.createDirectories(host.resolve("var/lib/machines"));
        bin = Files.createDirectories(host.resolve("usr/bin"));
    }

    @Test
    void findsDirectoryTreesAndReportsDiskImages() throws IOException {
        Files.createDirectories(machines.resolve("alpha/etc"));
        Files.createDirectories(machines.resolve("beta"));
        Files.createDirectories(host.resolve("srv/gamma"));
        Files.createSymbolicLink(machines.resolve("gamma"), Path.of("../../../srv/gamma"));
        Files.write(machines.resolve("disk.raw"), new byte[512]);
        Files.createDirectories(machines.resolve(".hidden"));
        Files.createDirectories(machines.resolve(".#beta.lck"));
        Files.writeString(machines.resolve("alpha.nspawn"), "[Exec]\nBoot=yes\n");

        Discovery found = new NspawnRuntime().discover(machines);

        assertEquals(List.of(
                DiscoveredGuest.plain("alpha", "nspawn", machines.resolve("alpha")),
                DiscoveredGuest.plain("beta", "nspawn", machines.resolve("beta")),
                DiscoveredGuest.plain("gamma", "nspawn", host.resolve("srv/gamma"))),
                found.guests());
        assertEquals(List.of("nspawn image disk.raw is a disk image; hashify works on directory trees"),
                found.problems());
    }

    @Test
    void refusesBadNamesAndLinksToTheHostRoot() throws IOException {
        Files.createDirectories(machines.resolve("bad\nname"));
        Path hostRoot = Files.createSymbolicLink(machines.resolve("host"), Path.of("/"));

        Discovery found = new NspawnRuntime().discover(machines);

        assertEquals(List.of(), found.guests());
        assertEquals(List.of(
                "nspawn guest bad\\x0aname: the name contains a control character such as a newline; skipped. Rename"
                        + " the image (machinectl rename).",
                "nspawn guest host: its root / (from " + hostRoot + ") is the host's root directory; skipped. Link the"
                        + " image to the machine's own root directory."),
                found.problems());
        Files.delete(hostRoot); // else JUnit warns that it leaves the link's target alone
    }

    @Test
    void entersThroughSystemdRun() throws IOException {
        Path systemdRun = FakeTool.write(bin, "systemd-run", "exit 0");
        DiscoveredGuest alpha = DiscoveredGuest.plain("alpha", "nspawn", Files.createDirectories(machines.resolve("alpha")));

        assertEquals(List.of(systemdRun.toString(), "-M", "alpha", "--wait", "--pipe", "--quiet", "--", "apk", "upgrade"),
                new NspawnRuntime(tools()).enterCommand(alpha, List.of("apk", "upgrade")));
        DiscoveredGuest unnamable = DiscoveredGuest.plain("with space", "nspawn", machines);
        assertThrows(IllegalArgumentException.class,
                () -> new NspawnRuntime(tools()).enterCommand(unnamable, List.of("true")));
    }

    @Test
    void asksMachinectlForTheState() throws IOException {
        NspawnRuntime runtime = new NspawnRuntime(tools());
        DiscoveredGuest alpha = DiscoveredGuest.plain("alpha", "nspawn", Files.createDirectories(machines.resolve("alpha")));

        Path machinectl = FakeTool.write(bin, "machinectl", "echo State=running");
        assertTrue(runtime.isRunning(alpha));
        assertEquals("show\nalpha\n--property=State\n", FakeTool.arguments(machinectl));

        FakeTool.write(bin, "machinectl", "echo State=closing");
        assertFalse(runtime.isRunning(alpha));

        FakeTool.write(bin, "machinectl", "echo \"Could not get path to machine: No machine 'alpha' known\" >&2; exit 1");
        assertFalse(runtime.isRunning(alpha));

        FakeTool.write(bin, "machinectl", "echo 'Failed to connect to bus: Permission denied' >&2; exit 1");
        IOException e = assertThrows(IOException.class, () -> runtime.isRunning(alpha));
        assertEquals("Cannot tell whether nspawn guest alpha is running: '" + machinectl
                + " show alpha --property=State' exited with status 1: Failed to connect to bus: Permission denied."
                + " Check systemd-machined with 'machinectl list'.", e.getMessage());
    }

    @Test
    void neverAsksAboutANameMachinedCannotRegister() throws IOException {
        FakeTool.write(bin, "machinectl", "echo State=running");

        assertFalse(new NspawnRuntime(tools()).isRunning(
                DiscoveredGuest.plain("with space", "nspawn", Files.createDirectories(machines.resolve("with space")))));
    }

    @Test
    void isNotRunningWithoutMachinectl() throws IOException {
        DiscoveredGuest alpha = DiscoveredGuest.plain("alpha", "nspawn", Files.createDirectories(machines.resolve("alpha")));

        assertFalse(new NspawnRuntime(tools()).isRunning(alpha));
    }

    /** This machine has no machinectl, so the production lookup in /usr/sbin, /usr/bin, /sbin, /bin answers no. */
    @Test
    void isNotRunningOnThisHostWhichLacksMachinectl() throws IOException {
        Assumptions.assumeTrue(HostTools.system().find("machinectl").isEmpty(), "machinectl is installed here");
        DiscoveredGuest alpha = DiscoveredGuest.plain("alpha", "nspawn", Files.createDirectories(machines.resolve("alpha")));

        assertFalse(new NspawnRuntime().isRunning(alpha));
    }

    /** pf4j finds extensions only through the index its annotation processor writes. */
    @Test
    void isListedInThePf4jExtensionIndex() throws Exception {
        String entries = ExtensionIndexes.read(NspawnRuntime.class.getClassLoader());
        assertTrue(entries.lines().anyMatch(NspawnRuntime.class.getName()::equals),
                "not in any META-INF/extensions.idx (is pf4j in annotationProcessorPaths?): " + entries);
        assertEquals("nspawn", new NspawnRuntime().id());
        assertEquals(Path.of("/var/lib/machines"), new NspawnRuntime().defaultDirectory());
    }

    private HostTools tools() {
        return new HostTools(List.of(bin), Duration.ofSeconds(5));
    }
}
