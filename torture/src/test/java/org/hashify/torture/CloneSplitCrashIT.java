package org.hashify.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * DESIGN.md Semantics 7 for the commands that came after run: {@code clone} killed at a random
 * moment leaves the source intact and the new root absent or whole; {@code split} killed at a random
 * moment leaves every path of the guest naming its old (shared) file or its private copy. In both
 * cases the next run and gc leave no temporary name anywhere, and the command completes when run
 * again.
 */
class CloneSplitCrashIT {
    @TempDir
    Path tmp;

    @Test
    void killedClonesLeaveTheSourceIntactAndTheNewRootAbsentOrWhole() throws Exception {
        int kills = Torture.count(2, 50);
        long base = Torture.seed() + 900_000;
        Duration window = null;
        int midWork = 0;
        for (int k = 0; k < kills; k++) {
            long seed = base + k;
            Path dir = tmp.resolve("clone-" + k);
            GuestFarm farm = GuestFarm.build(dir.resolve("guests"), 2, Torture.count(300, 800), seed);
            Path store = dir.resolve("store");
            Hashify.Result first = Hashify.run(CrashIT.runArgs(store, farm).toArray(String[]::new));
            assertEquals(0, first.status(), first.both());
            Path source = farm.roots().get(0);
            Path target = dir.resolve("guests/clone");
            List<String> args = List.of("clone", "--store", store.toString(), source.toString(), target.toString());
            Map<Path, Manifest> before = Trees.manifests(List.of(source), Manifest.Detail.CONTENT);
            if (window == null) {
                window = CrashIT.timeWork(store, args);
                Trees.delete(dir);
                k--;
                continue;
            }
            CrashIT.Kill kill = CrashIT.killAtRandom(store, args, window.multipliedBy(7).dividedBy(10), seed);
            String context = "clone killed " + kill + " (seed " + seed + ", replay with -Dtorture.seed=" + (seed - 900_000) + ")";
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context + ": the source");
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                assertEquals(null, before.get(source).differences(Manifest.content(target)), context
                        + ": a new root that exists is whole");
            } else if (kill.wasWorking()) {
                midWork++;
            }
            // the next run (over the source and its sibling) and gc clean up whatever the killed clone left
            CrashIT.nextRunAndGc(store, CrashIT.runArgs(store, farm), context);
            assertEquals(List.of(), cloneLeftovers(target), context + ": the killed clone's partial tree is removed");
            Trees.delete(target);
            Hashify.Result clone = Hashify.run(args.toArray(String[]::new));
            assertEquals(0, clone.status(), context + ": clone again\n" + clone.both());
            assertEquals(null, before.get(source).differences(Manifest.content(target)), context + ": the clone is whole");
            Trees.delete(dir);
        }
        Torture.log("clone: " + kills + " kills, " + midWork + " before the new root appeared");
        Torture.figure("crash.clone.kills", kills);
        Torture.figure("crash.clone.killsMidWork", midWork);
    }

    @Test
    void killedSplitsLeaveEveryPathOldOrPrivate() throws Exception {
        int kills = Torture.count(2, 50);
        long base = Torture.seed() + 950_000;
        Duration window = null;
        int midWork = 0;
        for (int k = 0; k < kills; k++) {
            long seed = base + k;
            Path dir = tmp.resolve("split-" + k);
            GuestFarm farm = GuestFarm.build(dir.resolve("guests"), 2, Torture.count(300, 800), seed);
            Path store = dir.resolve("store");
            Hashify.Result first = Hashify.run(CrashIT.runArgs(store, farm).toArray(String[]::new));
            assertEquals(0, first.status(), first.both());
            Path guest = farm.roots().get(1);
            List<String> args = List.of("split", "--store", store.toString(), guest.toString());
            Map<Path, Manifest> before = Trees.manifests(farm.roots(), Manifest.Detail.CONTENT);
            if (window == null) {
                window = CrashIT.timeWork(store, args);
                Trees.delete(dir);
                k--;
                continue;
            }
            CrashIT.Kill kill = CrashIT.killAtRandom(store, args, window.multipliedBy(7).dividedBy(10), seed);
            String context = "split killed " + kill + " (seed " + seed + ", replay with -Dtorture.seed=" + (seed - 950_000) + ")";
            int temps = Trees.assertUnchanged(before, Manifest.Detail.CONTENT, true, context);
            if (kill.wasWorking()) {
                midWork++;
            }
            CrashIT.nextRunAndGc(store, CrashIT.runArgs(store, farm), context);
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context + ", after the next run and gc");
            Hashify.Result split = Hashify.run(args.toArray(String[]::new));
            assertEquals(0, split.status(), context + ": split again\n" + split.both());
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context + ", split again");
            java.util.Set<Long> objects = new java.util.HashSet<>();
            try (var s = Files.walk(store.resolve("objects"))) {
                for (Path o : s.filter(Files::isRegularFile).toList()) {
                    objects.add(Trees.ino(o));
                }
            }
            List<String> shared = new ArrayList<>();
            try (var s = Files.walk(guest)) {
                for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    if (objects.contains(Trees.ino(p))) {
                        shared.add(p.toString());
                    }
                }
            }
            assertEquals(List.of(), shared, context + ": after a complete split the guest shares no object");
            Torture.log("split " + k + ": " + temps + " temporary names after the kill");
            Trees.delete(dir);
        }
        Torture.log("split: " + kills + " kills, " + midWork + " while it worked");
        Torture.figure("crash.split.kills", kills);
        Torture.figure("crash.split.killsMidWork", midWork);
    }

    /** Hidden partial trees a killed clone of {@code target} left beside it. */
    private static List<String> cloneLeftovers(Path target) throws Exception {
        List<String> left = new ArrayList<>();
        try (var s = Files.list(target.getParent())) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".hashify-clone-")).forEach(left::add);
        }
        return left;
    }
}
