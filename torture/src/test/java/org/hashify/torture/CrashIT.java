package org.hashify.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md Semantics 7: {@code kill -9} at a random moment of {@code run}, {@code gc} and
 * {@code pkg} (with its re-hashify) leaves every guest path naming its old file or the object; the
 * next run completes and gc leaves no temporary name. SIGTERM and SIGINT stop a run cleanly with
 * its summary. Every kill's seed is printed and named in a failure; {@code -Dtorture.seed=N}
 * replays from seed N.
 */
class CrashIT {
    private static final int GUESTS = 3;

    @TempDir
    Path tmp;

    private static int pool() {
        return Torture.count(300, 1200);
    }

    @Test
    void killedRunsLoseNothing() throws Exception {
        int kills = Torture.count(6, 60);
        Duration window = calibrate("run");
        long base = Torture.seed();
        int midWork = 0;
        long leftovers = 0;
        for (int k = 0; k < kills; k++) {
            long seed = base + k;
            Path dir = tmp.resolve("run-" + k);
            long t0 = System.nanoTime();
            GuestFarm farm = GuestFarm.build(dir, GUESTS, pool(), seed);
            long t1 = System.nanoTime();
            Path store = dir.resolve("store");
            Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
            long t2 = System.nanoTime();
            Kill kill = killAtRandom(store, runArgs(store, farm), window, seed);
            Torture.log("build " + (t1 - t0) / 1_000_000 + " ms, manifest " + (t2 - t1) / 1_000_000 + " ms, files " + farm.files());
            String context = "run killed " + kill + " (seed " + seed + ", replay with -Dtorture.seed=" + seed + ")";
            int temps = Trees.assertUnchanged(before, Manifest.Detail.CONTENT, true, context);
            int storeTemps = Trees.storeTemps(store).size();
            leftovers += temps + storeTemps;
            if (kill.wasWorking() && (temps + storeTemps > 0 || sharedAny(farm))) {
                midWork++;
            }
            long t3 = System.nanoTime();
            recoverAndCheck(store, farm, before, context);
            long t4 = System.nanoTime();
            Trees.delete(dir);
            Torture.log("recover " + (t4 - t3) / 1_000_000 + " ms, delete " + (System.nanoTime() - t4) / 1_000_000 + " ms");
        }
        Torture.log("run: " + kills + " kills, " + midWork + " mid-work, " + leftovers + " leftovers cleaned");
        Torture.figure("crash.run.kills", kills);
        Torture.figure("crash.run.killsMidWork", midWork);
        Torture.figure("crash.leftoversCleaned", leftovers);
        Torture.figure("files.lost", 0);
        assertTrue(midWork > 0, "at least one kill hit a run at work");
    }

    /**
     * Dedupe mode on XFS, where files are placed on several threads at once: a kill leaves every
     * guest file whole, with its own inode and metadata; the next run shares everything again.
     */
    @Test
    void killedDedupeRunsLoseNothing() throws Exception {
        int kills = Torture.count(4, 40);
        long base = Torture.seed() + 300_000;
        try (Loop xfs = Loop.xfsReflink(tmp, "xfs", 1024)) {
            Path calibration = xfs.root().resolve("calibrate");
            GuestFarm sample = GuestFarm.build(calibration, GUESTS, pool(), base - 1);
            Duration window = timeWork(calibration.resolve("store"), dedupeArgs(calibration.resolve("store"), sample));
            Trees.delete(calibration);
            int midWork = 0;
            for (int k = 0; k < kills; k++) {
                long seed = base + k;
                Path dir = xfs.root().resolve("run-" + k);
                GuestFarm farm = GuestFarm.build(dir, GUESTS, pool(), seed);
                Path store = dir.resolve("store");
                List<String> args = dedupeArgs(store, farm);
                Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
                Kill kill = killAtRandom(store, args, window, seed);
                String context = "dedupe run killed " + kill + " (seed " + seed + ", replay with -Dtorture.seed="
                        + (seed - 300_000) + ")";
                Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context + ": no temporary name in a guest");
                if (kill.wasWorking()) {
                    midWork++;
                }
                nextRunAndGc(store, args, context);
                Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context + ", after the next run and gc");
                Hashify.Result verify = Hashify.run("verify", "--store", store.toString());
                assertEquals(0, verify.status(), context + ": verify is clean\n" + verify.both());
                List<String> again = new ArrayList<>(args);
                again.add(1, "--json");
                Hashify.Result rerun = Hashify.run(again.toArray(String[]::new));
                assertEquals(0, rerun.status(), context + ": a further run\n" + rerun.both());
                JsonNode report = new ObjectMapper().readTree(rerun.out());
                assertTrue(report.path("unified").asLong(-1) == 0 && report.path("alreadyUnified").asLong() > 0,
                        context + ": the run after the kill shared everything there was to share\n" + rerun.out());
                Trees.delete(dir);
            }
            Torture.log("dedupe run: " + kills + " kills, " + midWork + " mid-work");
            Torture.figure("crash.dedupe.kills", kills);
            Torture.figure("crash.dedupe.killsMidWork", midWork);
            assertTrue(midWork > 0, "at least one kill hit a dedupe run at work");
        }
    }

    static List<String> dedupeArgs(Path store, GuestFarm farm) {
        List<String> args = new ArrayList<>(List.of("run", "--mode", "dedupe", "--store", store.toString()));
        args.addAll(farm.args());
        return args;
    }

    @Test
    void killedGcLosesNothing() throws Exception {
        int kills = Torture.count(3, 60);
        long base = Torture.seed() + 100_000;
        Duration window = null;
        int midWork = 0;
        for (int k = 0; k < kills; k++) {
            long seed = base + k;
            Path dir = tmp.resolve("gc-" + k);
            GuestFarm farm = GuestFarm.build(dir, GUESTS, pool(), seed);
            Path store = dir.resolve("store");
            Hashify.Result first = Hashify.run(runArgs(store, farm).toArray(String[]::new));
            assertEquals(0, first.status(), first.both());
            // garbage: two guests deleted, half of the third's package files replaced by new copies
            Trees.delete(farm.roots().get(1));
            Trees.delete(farm.roots().get(2));
            Path kept = farm.roots().get(0);
            try (var s = Files.walk(kept.resolve("usr/lib"))) {
                List<Path> files = s.filter(Files::isRegularFile).toList();
                for (int i = 0; i < files.size(); i += 2) {
                    Path copy = files.get(i).resolveSibling("copy.tmp");
                    Files.copy(files.get(i), copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    Files.move(copy, files.get(i), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
            List<Path> guests = List.of(kept);
            Map<Path, Manifest> before = Trees.manifests(guests, Manifest.Detail.LINKS);
            if (window == null) {
                window = timeWork(store, List.of("gc", "--store", store.toString()));
                Trees.delete(dir);
                k--;
                continue;
            }
            Kill kill = killAtRandom(store, List.of("gc", "--store", store.toString()), window, seed);
            String context = "gc killed " + kill + " (seed " + seed + ", replay with -Dtorture.seed=" + (seed - 100_000) + ")";
            // gc never touches a guest: not even a link count changes
            Trees.assertUnchanged(before, Manifest.Detail.LINKS, false, context);
            if (kill.wasWorking()) {
                midWork++;
            }
            Map<Path, Manifest> content = Trees.manifests(guests, Manifest.Detail.CONTENT);
            nextRunAndGc(store, List.of("run", "--store", store.toString(), kept.toString()), context);
            Trees.assertUnchanged(content, Manifest.Detail.CONTENT, false, context + ", after run and gc");
            Hashify.Result verify = Hashify.run("verify", "--store", store.toString());
            assertEquals(0, verify.status(), context + ": verify is clean\n" + verify.both());
            Trees.delete(dir);
        }
        Torture.log("gc: " + kills + " kills, " + midWork + " while it worked");
        Torture.figure("crash.gc.kills", kills);
        Torture.figure("crash.gc.killsMidWork", midWork);
    }

    @Test
    void killedPkgWithItsRehashifyLosesNothing() throws Exception {
        assumeTrue(Hashify.isRoot(), "pkg runs commands in a chroot with fresh namespaces: needs root");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox (busybox-static) for the chroot guests");
        int kills = Torture.count(2, 50);
        long base = Torture.seed() + 200_000;
        Duration window = null;
        int midWork = 0;
        for (int k = 0; k < kills; k++) {
            long seed = base + k;
            Path dir = tmp.resolve("pkg-" + k);
            GuestFarm farm = GuestFarm.build(dir, GUESTS, pool(), seed);
            for (Path g : farm.roots()) {
                Busybox.install(g);
            }
            Path store = dir.resolve("store");
            List<String> args = new ArrayList<>(List.of("pkg", "--store", store.toString()));
            args.addAll(farm.args());
            args.addAll(List.of("--", "/bin/sh", "-c", "echo upgraded > /tmp/marker"));
            if (window == null) {
                window = timeWork(store, args);
                Trees.delete(dir);
                k--;
                continue;
            }
            Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
            Kill kill = killAtRandom(store, args, window, seed);
            String context = "pkg killed " + kill + " (seed " + seed + ", replay with -Dtorture.seed=" + (seed - 200_000) + ")";
            for (Path g : farm.roots()) {
                Files.deleteIfExists(g.resolve("tmp/marker"));
            }
            int temps = Trees.assertUnchanged(before, Manifest.Detail.CONTENT, true, context);
            if (kill.wasWorking() && (temps > 0 || sharedAny(farm))) {
                midWork++;
            }
            recoverAndCheck(store, farm, before, context);
            Trees.delete(dir);
        }
        Torture.log("pkg: " + kills + " kills, " + midWork + " during its re-hashify");
        Torture.figure("crash.pkg.kills", kills);
        Torture.figure("crash.pkg.killsMidWork", midWork);
    }

    @Test
    void sigtermAndSigintStopARunCleanlyWithItsSummary() throws Exception {
        int rounds = Torture.count(1, 5);
        long base = Torture.seed() + 300_000;
        Duration window = calibrate("signal");
        for (String signal : List.of("TERM", "INT")) {
            for (int k = 0; k < rounds; k++) {
                long seed = base + k + (signal.equals("INT") ? 1000 : 0);
                stopWithSignal(signal, seed, window);
            }
        }
        Torture.figure("crash.signals", 2L * rounds);
    }

    private void stopWithSignal(String signal, long seed, Duration window) throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            Path dir = tmp.resolve("sig-" + signal + "-" + seed + "-" + attempt);
            GuestFarm farm = GuestFarm.build(dir, GUESTS, pool(), seed);
            Path store = dir.resolve("store");
            Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
            Hashify.Running p = Hashify.start(runArgs(store, farm).toArray(String[]::new));
            assertTrue(Trees.awaitLock(store, p, Duration.ofSeconds(60)), "the run took the store's lock");
            long delay = new Random(seed).nextLong(Math.max(1, window.toMillis() / (2 << attempt)));
            Thread.sleep(delay);
            int signo = signal.equals("TERM") ? 15 : 2;
            if (ignores(p.pid(), signo)) {
                // a shell without job control starts background jobs with SIGINT ignored, and the JVM keeps it so
                p.process.destroyForcibly();
                p.await(Duration.ofSeconds(30));
                Trees.delete(dir);
                assumeTrue(false, "SIG" + signal + " is ignored in this environment (inherited SIG_IGN), so it cannot stop hashify");
            }
            p.signal(signal);
            Hashify.Result r = p.await(Duration.ofSeconds(60));
            String context = "SIG" + signal + " after " + delay + " ms (seed " + seed + ")";
            if (r.status() == -1) {
                fail(context + ": the run did not stop within 60 s\n" + r.both());
            }
            if (r.status() == 0) {
                Trees.delete(dir);
                continue; // finished before the signal: try again sooner
            }
            assertTrue(r.status() == 128 + signo || r.status() == 1, context + ": exit status " + r.both());
            assertTrue(r.out().contains("Interrupted"), context + ": the summary says it was interrupted\n" + r.both());
            assertTrue(r.out().contains("Scanned "), context + ": the summary is printed\n" + r.both());
            assertEquals(List.of(), Trees.foreignErrorLines(r.err()), context + ": one-line messages only");
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context + ": a clean stop leaves no temp name");
            recoverAndCheck(store, farm, before, context);
            Trees.delete(dir);
            return;
        }
        fail("SIG" + signal + ": four runs finished before the signal reached them (seed " + seed + ")");
    }

    /** Whether a process ignores a signal (SigIgn of /proc/PID/status). */
    private static boolean ignores(long pid, int signo) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (signo - 1))) != 0;
            }
        }
        return false;
    }

    /** After a kill: the next run and gc complete, and the store's tmp/ is empty. */
    static void nextRunAndGc(Path store, List<String> runArgs, String context) throws Exception {
        Hashify.Result run = Hashify.run(runArgs.toArray(String[]::new));
        assertEquals(0, run.status(), context + ": the next run completes\n" + run.both());
        Hashify.Result gc = Hashify.run("gc", "--store", store.toString());
        assertEquals(0, gc.status(), context + ": gc completes\n" + gc.both());
        Trees.assertNoStoreTemps(store, context);
    }

    /** The next run completes, gc leaves no temporary name, verify is clean, and the guests share again. */
    private static void recoverAndCheck(Path store, GuestFarm farm, Map<Path, Manifest> before, String context)
            throws Exception {
        nextRunAndGc(store, runArgs(store, farm), context);
        Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context + ", after the next run and gc");
        Hashify.Result verify = Hashify.run("verify", "--store", store.toString());
        assertEquals(0, verify.status(), context + ": verify is clean\n" + verify.both());
        assertEquals(Trees.ino(farm.roots().get(0).resolve("usr/bin/su")), Trees.ino(farm.roots().get(1).resolve("usr/bin/su")),
                context + ": the next run shared the guests' identical files");
        assertNotEquals(Trees.ino(farm.roots().get(0).resolve("usr/share/demo/defaults.conf")),
                Trees.ino(farm.roots().get(1).resolve("usr/share/demo/defaults.conf")),
                context + ": a dpkg conffile outside /etc stays private");
    }

    private static boolean sharedAny(GuestFarm farm) throws Exception {
        for (Path g : farm.roots()) {
            try (var s = Files.walk(g.resolve("usr/lib"))) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    if (Trees.nlink(p) > 1 && !p.toString().contains(".link")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static List<String> runArgs(Path store, GuestFarm farm) {
        List<String> args = new ArrayList<>(List.of("run", "--store", store.toString()));
        args.addAll(farm.args());
        return args;
    }

    /** How long a whole run works with the lock held, on a farm like the ones killed. */
    private Duration calibrate(String name) throws Exception {
        Path dir = tmp.resolve("calibrate-" + name);
        GuestFarm farm = GuestFarm.build(dir, GUESTS, pool(), Torture.seed() - 1);
        Duration d = timeWork(dir.resolve("store"), runArgs(dir.resolve("store"), farm));
        Trees.delete(dir);
        return d;
    }

    /** How long a complete {@code args} keeps the store locked: the window kills are drawn from. */
    static Duration timeWork(Path store, List<String> args) throws Exception {
        Hashify.Running p = Hashify.start(args.toArray(String[]::new));
        Trees.awaitLock(store, p, Duration.ofSeconds(60));
        long start = System.nanoTime();
        Hashify.Result r = p.await(Duration.ofMinutes(5));
        assertTrue(r.status() == 0, "calibration: " + r.both());
        Duration d = Duration.ofNanos(System.nanoTime() - start);
        Torture.log(args.get(0) + " works for " + d.toMillis() + " ms with the lock held");
        return d;
    }

    /** Where a kill landed. */
    record Kill(long delayMillis, boolean lockHeld, boolean alive) {
        boolean wasWorking() {
            return lockHeld && alive;
        }

        @Override
        public String toString() {
            return delayMillis + " ms after " + (lockHeld ? "it took the lock" : "its start") + (alive ? "" : ", after it had ended");
        }
    }

    /** Starts hashify and sends it SIGKILL at a random moment of its work. */
    static Kill killAtRandom(Path store, List<String> args, Duration window, long seed) throws Exception {
        Trees.clearLockText(store);
        Hashify.Running p = Hashify.start(args.toArray(String[]::new));
        boolean locked = Trees.awaitLock(store, p, Duration.ofSeconds(60));
        long delay = new Random(seed).nextLong(Math.max(1, window.toMillis() * 11 / 10));
        Thread.sleep(delay);
        boolean alive = p.process.isAlive();
        p.process.destroyForcibly(); // SIGKILL
        Hashify.Result r = p.await(Duration.ofSeconds(60));
        Kill kill = new Kill(delay, locked, alive);
        Torture.log("seed " + seed + ": " + args.get(0) + " killed " + kill + ", exit " + r.status());
        Trees.clearLockText(store);
        return kill;
    }
}
