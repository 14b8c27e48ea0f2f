package org.hashify.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.hashify.kernel.guest.KnownGuest;
import org.hashify.kernel.testing.GuestTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real chroot guest (Debian's busybox-static): commands run in its own namespaces and leave no mount behind. */
class ChrootExecTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path tmp;

    private KnownGuest guest;

    @BeforeEach
    void busyboxGuest() throws Exception {
        assumeTrue(GuestTree.isRoot(), "chroot and namespaces need root");
        assumeTrue(Files.isExecutable(BUSYBOX) && isStatic(), "needs Debian's busybox-static at /bin/busybox");
        Path root = tmp.resolve("bb");
        for (String d : List.of("bin", "proc", "sys", "dev", "tmp")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(BUSYBOX, root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "cat", "hostname", "ls", "sleep", "mount")) {
            Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
        }
        guest = KnownGuest.plain("bbguest", root, Optional.empty());
    }

    private static boolean isStatic() throws Exception {
        Process p = new ProcessBuilder("file", "-L", BUSYBOX.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.contains("statically linked") || !out.contains("dynamically");
    }

    private List<String> mountsUnder(Path root) throws Exception {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(root.toString())) {
                found.add(line);
            }
        }
        return found;
    }

    private GuestOperation.Result run(Duration timeout, String script, List<String> lines) {
        List<GuestOperation.Result> r = GuestOperation.run(
                List.of(new GuestOperation.Task(guest, List.of("/bin/sh", "-c", script))), 1, false, timeout,
                lines::add);
        return r.get(0);
    }

    @Test
    void aCommandRunsInsideTheGuestInItsOwnNamespaces() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        GuestOperation.Result r = run(Duration.ofSeconds(60),
                "hostname; echo pid=$$; ls /proc/1 >/dev/null && echo proc-ok; ls /dev/null; echo inside > /tmp/mark", lines);
        assertTrue(r.outcome().succeeded(), lines + " " + r.outcome());
        assertEquals("in a chroot", r.how());
        assertEquals(List.of("[bbguest] bbguest", "[bbguest] pid=1", "[bbguest] proc-ok", "[bbguest] /dev/null"), lines);
        assertEquals("inside\n", Files.readString(guest.root().resolve("tmp/mark")));
        assertEquals(List.of(), mountsUnder(guest.root()), "nothing stays mounted");
    }

    @Test
    void aFailingCommandReportsItsStatusAndLeavesNoMount() throws Exception {
        GuestOperation.Result r = run(Duration.ofSeconds(60), "echo doomed; exit 3", new ArrayList<>());
        assertEquals(3, r.outcome().status());
        assertFalse(r.outcome().succeeded());
        assertEquals(List.of(), mountsUnder(guest.root()));
    }

    @Test
    void aKilledCommandLeavesNoMountAndNoProcess() throws Exception {
        Path pidFile = guest.root().resolve("tmp/pid");
        // an unusual duration, so that pgrep below cannot mistake another host process for it
        GuestOperation.Result r = run(Duration.ofSeconds(3), "sleep 86317 & echo $! > /tmp/pid; wait", new ArrayList<>());
        assertNotNull(r.outcome().error(), "the timeout killed it");
        assertEquals(List.of(), mountsUnder(guest.root()));
        // the sleep ran as PID 2 of the guest's PID namespace; it must not survive on the host
        Thread.sleep(200);
        Process ps = new ProcessBuilder("pgrep", "-f", "sleep 86317").start();
        String pids = new String(ps.getInputStream().readAllBytes()).strip();
        ps.waitFor();
        assertEquals("", pids, "the guest's processes died with it");
        assertTrue(Files.exists(pidFile));
    }

    @Test
    void standardInputIsClosedAndTheEnvironmentIsClean() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        GuestOperation.Result r = run(Duration.ofSeconds(60), "cat; echo \"home=$HOME path=$PATH user=${USER:-unset}\"", lines);
        assertTrue(r.outcome().succeeded(), lines.toString());
        assertEquals(List.of("[bbguest] home=/root path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "
                + "user=unset"), lines);
    }

    @Test
    void aGuestWhoseProcIsASymlinkRunsWithoutItAndNothingIsMountedOnTheHost() throws Exception {
        Path proc = guest.root().resolve("proc");
        Files.delete(proc);
        Path hostDir = Files.createDirectories(tmp.resolve("host-dir"));
        Files.createSymbolicLink(proc, hostDir);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        GuestOperation.Result r = run(Duration.ofSeconds(60), "echo ran", lines);
        assertTrue(r.outcome().succeeded(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("no directory /proc")), lines.toString());
        assertEquals(List.of(), mountsUnder(hostDir));
        try (var s = Files.list(hostDir)) {
            assertEquals(0, s.count(), "nothing was mounted or written through the symlink");
        }
    }
}
