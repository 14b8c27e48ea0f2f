package org.hashify.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md Semantics 8 and 10 under resource faults: a disk that fills mid-run, a read-only
 * filesystem, 64 file descriptors, permission denied, a store on another filesystem, two runs
 * racing for the lock, a lock left by a killed run, and an object past the link limit. Each ends
 * in a clear exit status and one-line messages, never a stack trace, and nothing is lost.
 */
class ResourceFaultsIT {
    @TempDir
    Path tmp;

    private static void assertClean(Hashify.Result r, String context) {
        assertNotEquals(4, r.status(), context + ": an internal error\n" + r.both());
        assertEquals(List.of(), Trees.foreignErrorLines(r.err()), context + ": one-line messages only\n" + r.both());
    }

    private static List<String> run(Path store, List<Path> guests, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--store", store.toString()));
        args.addAll(List.of(extra));
        guests.forEach(g -> args.add(g.toString()));
        return args;
    }

    @Test
    void aDiskThatFillsMidRunLosesNothing() throws Exception {
        int rounds = Torture.count(2, 10);
        for (int k = 0; k < rounds; k++) {
            try (Loop fs = Loop.ext4(tmp, "full" + k, 24, "-b", "1024", "-N", "8192", "-m", "0")) {
                GuestFarm farm = GuestFarm.build(fs.root().resolve("guests"), 3, 250, Torture.seed() + k);
                Path store = fs.root().resolve("store");
                Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
                // leave a little room: the run fills it with store directories and temporary names part way
                Path filler = fs.root().resolve("filler");
                Hashify.exec("dd", "if=/dev/zero", "of=" + filler, "bs=4k");
                Hashify.exec("sync");
                Files.delete(filler);
                Hashify.exec("dd", "if=/dev/zero", "of=" + filler, "bs=1k", "count=" + (k == 0 ? 20 : 60));
                long free = Files.getFileStore(fs.root()).getUsableSpace();
                // 40 to 100 KB of room: less than the run needs (its store directories alone take more), so
                // every round runs out part way, at a point that moves with the room and the seed
                Hashify.exec("dd", "if=/dev/zero", "of=" + fs.root().resolve("filler2"), "bs=1k",
                        "count=" + Math.max(0, free / 1024 - 40 - 20 * (k % 4)));
                Hashify.Result r = Hashify.run(run(store, farm.roots()).toArray(String[]::new));
                assertClean(r, "full disk");
                assertTrue(r.status() == 1 || r.status() == 3, "a full disk shows in the exit status\n" + r.both());
                assertTrue(r.err().toLowerCase().contains("no space left"), r.both());
                Trees.assertUnchanged(before, Manifest.Detail.CONTENT, true, "full disk");
                Files.delete(filler);
                Files.delete(fs.root().resolve("filler2"));
                Hashify.Result again = Hashify.run(run(store, farm.roots()).toArray(String[]::new));
                assertEquals(0, again.status(), "with room again the next run completes\n" + again.both());
                Hashify.Result gc = Hashify.run("gc", "--store", store.toString());
                assertEquals(0, gc.status(), gc.both());
                Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, "full disk, after the next run and gc");
                Trees.assertNoStoreTemps(store, "full disk");
            }
        }
        Torture.figure("faults.fullDisk", rounds);
    }

    @Test
    void aReadOnlyFilesystemChangesNothingAndSaysSo() throws Exception {
        try (Loop fs = Loop.ext4(tmp, "ro", 32)) {
            GuestFarm farm = GuestFarm.build(fs.root().resolve("guests"), 2, 200, Torture.seed());
            Path store = fs.root().resolve("store");
            Hashify.Result first = Hashify.run(run(store, List.of(farm.roots().get(0))).toArray(String[]::new));
            assertEquals(0, first.status(), first.both());
            Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.LINKS);
            fs.remount("ro");
            try {
                Hashify.Result r = Hashify.run(run(store, farm.roots()).toArray(String[]::new));
                assertClean(r, "read-only filesystem");
                assertEquals(3, r.status(), "the store cannot be written\n" + r.both());
                assertTrue(r.err().toLowerCase().contains("read-only"), r.both());
                Hashify.Result dry = Hashify.run(run(store, farm.roots(), "--dry-run").toArray(String[]::new));
                assertEquals(0, dry.status(), "a dry run needs no writing\n" + dry.both());
                Hashify.Result gc = Hashify.run("gc", "--store", store.toString());
                assertClean(gc, "gc on a read-only filesystem");
                assertEquals(3, gc.status(), gc.both());
                Trees.assertUnchanged(before, Manifest.Detail.LINKS, false, "read-only filesystem");
            } finally {
                fs.remount("rw");
            }
            Hashify.Result again = Hashify.run(run(store, farm.roots()).toArray(String[]::new));
            assertEquals(0, again.status(), again.both());
        }
        Torture.figure("faults.readOnly", 3);
    }

    @Test
    void sixtyFourFileDescriptorsOnADeepTree() throws Exception {
        GuestFarm farm = GuestFarm.build(tmp.resolve("guests"), 3, 300, Torture.seed());
        for (Path g : farm.roots()) {
            Files.createDirectories(g.resolve("usr/deep"));
            Deep.build(g.resolve("usr/deep"), "level", 300, GuestFarm.random(5, 4000));
        }
        Path store = tmp.resolve("store");
        Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
        Hashify.Result r = Hashify.runInShell("ulimit -n 64", run(store, farm.roots(), "--threads", "4")
                .toArray(String[]::new));
        assertClean(r, "ulimit -n 64");
        assertTrue(r.status() == 0 || r.status() == 1, r.both());
        Trees.assertUnchanged(before, Manifest.Detail.CONTENT, true, "ulimit -n 64");
        Hashify.Result again = Hashify.run(run(store, farm.roots()).toArray(String[]::new));
        assertEquals(0, again.status(), again.both());
        Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, "ulimit -n 64, after the next run");
        Manifest a = Manifest.of(farm.roots().get(0), Manifest.Detail.ALL);
        Manifest b = Manifest.of(farm.roots().get(1), Manifest.Detail.ALL);
        String bottom = Deep.bottom("/usr/deep", "level", 300);
        assertEquals(a.get(bottom).ino(), b.get(bottom).ino(), "the deep file is shared\n" + r.both());
        Torture.log("ulimit -n 64: exit " + r.status() + (r.status() == 0 ? "" : ": " + r.err().lines().findFirst().orElse("")));
        Torture.figure("faults.fileDescriptors", 1);
    }

    @Test
    void permissionDeniedIsNamedAndSkipped() throws Exception {
        assumeTrue(Hashify.isRoot(), "switching to an unprivileged user needs root");
        assumeTrue(Hashify.available("setpriv"), "needs setpriv (util-linux)");
        Path base = Files.createDirectories(Path.of("/tmp").resolve("hashify-torture-perm-" + ProcessHandle.current().pid()));
        try {
            Files.setAttribute(base, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
            GuestFarm farm = GuestFarm.build(base.resolve("guests"), 2, 150, Torture.seed());
            Hashify.exec("chown", "-R", "65534:65534", base.toString());
            for (Path g : farm.roots()) {
                Path secret = g.resolve("usr/lib/secret/private.bin");
                Files.createDirectories(secret.getParent());
                Files.write(secret, GuestFarm.random(1, 5000));
                Files.setAttribute(secret, "unix:mode", 0600, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(g.resolve("usr/lib/pkg3"), "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(g.resolve("usr/lib/pkg3"), "unix:mode", 0700, LinkOption.NOFOLLOW_LINKS);
            }
            Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
            Path store = base.resolve("store");
            Files.createDirectories(store);
            Hashify.exec("chown", "65534:65534", store.toString());
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            cmd.addAll(Hashify.command(run(store, farm.roots(), "--no-pkgmgmt").toArray(String[]::new)));
            Hashify.Result r = Hashify.start(cmd).await(Duration.ofMinutes(3));
            assertClean(r, "permission denied");
            assertEquals(1, r.status(), "some files could not be read\n" + r.both());
            assertTrue(r.err().contains("ermission denied") && r.err().contains("/usr/lib/pkg3"), r.both());
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, "permission denied");
            Torture.log("permission denied: " + r.err().lines().count() + " lines named what was skipped");
        } finally {
            Trees.delete(base);
        }
        Torture.figure("faults.permissionDenied", 1);
    }

    @Test
    void aStoreOnAnotherFilesystemIsRefusedPerGuest() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "needs /dev/shm (tmpfs) for a second filesystem");
        GuestFarm farm = GuestFarm.build(tmp.resolve("guests"), 2, 150, Torture.seed());
        Path store = shm.resolve("hashify-torture-store-" + ProcessHandle.current().pid());
        try {
            Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.LINKS);
            Hashify.Result r = Hashify.run(run(store, farm.roots()).toArray(String[]::new));
            assertClean(r, "store on another filesystem");
            assertEquals(1, r.status(), r.both());
            assertTrue(r.err().contains("another filesystem"), r.both());
            Trees.assertUnchanged(before, Manifest.Detail.LINKS, false, "store on another filesystem");
        } finally {
            Trees.delete(store);
        }
        Torture.figure("faults.otherFilesystem", 1);
    }

    @Test
    void twoRunsRaceForTheLockAndAKilledRunLeavesNoStaleLock() throws Exception {
        int rounds = Torture.count(2, 10);
        for (int k = 0; k < rounds; k++) {
            GuestFarm farm = GuestFarm.build(tmp.resolve("race" + k), 3, 500, Torture.seed() + k);
            Path store = tmp.resolve("race" + k + "-store");
            Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
            Hashify.Running holder = Hashify.start(run(store, farm.roots()).toArray(String[]::new));
            assertTrue(Trees.awaitLock(store, holder, Duration.ofSeconds(60)), "the first run took the lock");
            Hashify.Result second = Hashify.run(run(store, farm.roots()).toArray(String[]::new));
            Hashify.Result gc = Hashify.run("gc", "--store", store.toString());
            Hashify.Result dry = Hashify.run(run(store, farm.roots(), "--dry-run").toArray(String[]::new));
            boolean stillRunning = holder.process.isAlive();
            Hashify.Result first = holder.await(Duration.ofMinutes(3));
            assertEquals(0, first.status(), first.both());
            if (stillRunning) {
                for (Hashify.Result loser : List.of(second, gc, dry)) {
                    assertClean(loser, "lock race");
                    assertEquals(3, loser.status(), "a second writer is refused\n" + loser.both());
                    assertTrue(loser.err().contains("pid " + holder.pid()), "the holder is named\n" + loser.both());
                }
            }
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, "lock race");
            // a run killed while holding the lock: its lock file still names it, and the next run proceeds
            Trees.delete(store);
            Hashify.Running killed = Hashify.start(run(store, farm.roots()).toArray(String[]::new));
            assertTrue(Trees.awaitLock(store, killed, Duration.ofSeconds(60)));
            killed.process.destroyForcibly();
            killed.await(Duration.ofSeconds(30));
            assertTrue(Files.readString(store.resolve("lock"), StandardCharsets.UTF_8).contains("pid " + killed.pid()),
                    "the killed run's lock file still names it");
            Hashify.Result next = Hashify.run(run(store, farm.roots()).toArray(String[]::new));
            assertEquals(0, next.status(), "a dead holder's lock is no lock\n" + next.both());
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, "stale lock");
        }
        Torture.figure("faults.lockRaces", rounds * 3L);
        Torture.figure("faults.staleLocks", rounds);
    }

    @Test
    void seventyThousandCopiesOfOneFileGetATwin() throws Exception {
        assumeTrue(Torture.full(), "70,000 copies take minutes: full suite only (-Dtorture.full=true)");
        Path guest = tmp.resolve("many");
        byte[] content = GuestFarm.random(70, 200);
        int copies = 70_000;
        for (int d = 0; d < 70; d++) {
            Path dir = Files.createDirectories(guest.resolve("usr/share/copies/d" + d));
            for (int i = 0; i < 1000; i++) {
                Path p = dir.resolve("f" + i);
                Files.write(p, content);
                Files.setLastModifiedTime(p, GuestFarm.MTIME);
            }
        }
        Path store = tmp.resolve("store");
        Hashify.Result r = Hashify.start(Hashify.command(run(store, List.of(guest), "--no-pkgmgmt")
                .toArray(String[]::new))).await(Duration.ofMinutes(20));
        assertEquals(0, r.status(), r.both());
        long objects;
        try (var s = Files.walk(store.resolve("objects"))) {
            objects = s.filter(Files::isRegularFile).count();
        }
        assertTrue(objects >= 2, "an object at the link limit got a twin: " + objects + " objects");
        Hashify.Result verify = Hashify.run("verify", "--store", store.toString());
        assertEquals(0, verify.status(), verify.both());
        Torture.log("link limit: " + copies + " copies in " + objects + " objects");
        Torture.figure("faults.linkLimit", 1);
    }
}
