package org.hashify.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md Semantics 7 for the commands that only change the immutable flag of objects: {@code thaw}
 * and {@code freeze} killed at a random moment change no guest's content or metadata; run again they
 * complete and leave every object thawed or frozen; the next run completes and {@code verify} is clean.
 */
class FreezeThawCrashIT {
    private static final int GUESTS = 3;

    @TempDir
    Path tmp;

    @Test
    void killedThawsAndFreezesLoseNothing() throws Exception {
        assumeTrue(Hashify.isRoot(), "the immutable flag needs root (CAP_LINUX_IMMUTABLE)");
        int kills = Torture.count(2, 50);
        long base = Torture.seed() + 700_000;
        Duration window = null;
        int midWork = 0;
        for (int k = 0; k < kills; k++) {
            long seed = base + k;
            boolean thaw = k % 2 == 0;
            Path dir = tmp.resolve("flags-" + k);
            GuestFarm farm = GuestFarm.build(dir, GUESTS, Torture.count(300, 800), seed);
            Path store = dir.resolve("store");
            List<String> first = new ArrayList<>(CrashIT.runArgs(store, farm));
            first.add("--immutable");
            Hashify.Result made = Hashify.run(first.toArray(String[]::new));
            assertEquals(0, made.status(), made.both());
            if (!thaw) {
                Hashify.Result thawed = Hashify.run(command("thaw", store, farm).toArray(String[]::new));
                assertEquals(0, thawed.status(), thawed.both());
            }
            List<String> args = command(thaw ? "thaw" : "freeze", store, farm);
            Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
            if (window == null) {
                window = CrashIT.timeWork(store, args);
                Hashify.run(command("thaw", store, farm).toArray(String[]::new)); // JUnit cannot delete frozen files
                Trees.delete(dir);
                k--;
                continue;
            }
            CrashIT.Kill kill = CrashIT.killAtRandom(store, args, window, seed);
            String context = args.get(0) + " killed " + kill + " (seed " + seed + ", replay with -Dtorture.seed="
                    + (seed - 700_000) + ")";
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context);
            if (kill.wasWorking()) {
                midWork++;
            }
            Hashify.Result again = Hashify.run(args.toArray(String[]::new));
            assertEquals(0, again.status(), context + ": " + args.get(0) + " again completes\n" + again.both());
            JsonNode status = status(store);
            long objects = status.get("objects").asLong();
            assertEquals(thaw ? 0 : objects, status.get("frozenObjects").asLong(), context + ": every object "
                    + (thaw ? "thawed" : "frozen") + "\n" + status);
            Hashify.Result run = Hashify.run(CrashIT.runArgs(store, farm).toArray(String[]::new));
            assertEquals(0, run.status(), context + ": the next run completes\n" + run.both());
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context + ", after the next run");
            Hashify.Result verify = Hashify.run("verify", "--store", store.toString());
            assertEquals(0, verify.status(), context + ": verify is clean\n" + verify.both());
            Hashify.run(command("thaw", store, farm).toArray(String[]::new)); // JUnit cannot delete frozen files
            Trees.delete(dir);
        }
        Torture.log("thaw/freeze: " + kills + " kills, " + midWork + " while it worked");
        Torture.figure("crash.flags.kills", kills);
        Torture.figure("crash.flags.killsMidWork", midWork);
        assertTrue(midWork > 0 || !Torture.full(), "in the full suite at least one kill hit thaw or freeze at work");
    }

    private static List<String> command(String name, Path store, GuestFarm farm) {
        List<String> args = new ArrayList<>(List.of(name, "--store", store.toString()));
        args.addAll(farm.args());
        return args;
    }

    private static JsonNode status(Path store) throws Exception {
        Hashify.Result r = Hashify.run("status", "--json", "--store", store.toString());
        assertEquals(0, r.status(), r.both());
        return new ObjectMapper().readTree(r.out());
    }
}
