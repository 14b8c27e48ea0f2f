package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.LoopMount;
import org.hashify.kernel.testing.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md Semantics 10: a file that cannot be done is named in one line, skipped, and nothing is lost. */
class FaultsTest {
    @TempDir
    Path tmp;

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor(60, TimeUnit.SECONDS);
        return p.exitValue();
    }

    @Test
    void anImmutableGuestFileIsNamedSkippedAndKept() throws Exception {
        assumeTrue(GuestTree.isRoot(), "chattr +i needs root");
        byte[] data = GuestTree.random(1, 5000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/f", data);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/f", data).file("usr/g", data);
        assumeTrue(run("chattr", "+i", b.path("usr/f").toString()) == 0, "the filesystem of the temp dir has no immutable flag");
        try {
            RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, a.root(), b.root());
            assertTrue(r.hasFailures());
            assertEquals(1, Runs.guest(r, "b").errors);
            String line = r.problems().stream().filter(p -> p.contains("/usr/f")).findFirst().orElseThrow();
            assertTrue(line.startsWith("guest b: /usr/f") && !line.contains("\n"), line);
            assertArrayEquals(data, Files.readAllBytes(b.path("usr/f")));
            assertEquals(Runs.ino(a.path("usr/f")), Runs.ino(b.path("usr/g")), "the rest was done");
            try (var names = Files.list(b.path("usr"))) {
                assertEquals(2, names.count(), "no temporary name left behind");
            }
        } finally {
            run("chattr", "-i", b.path("usr/f").toString());
        }
    }

    @Test
    void aFullDiskLosesNothing() throws Exception {
        try (LoopMount fs = LoopMount.create(tmp, "ext4", 16, "-q", "-b", "1024", "-N", "2048", "-m", "0")) {
            Path[] guests = new Path[2];
            for (int g = 0; g < 2; g++) {
                GuestTree t = GuestTree.at(fs.root().resolve("g" + g));
                for (int i = 0; i < 300; i++) {
                    t.file("usr/share/d" + (i % 30) + "/f" + i, GuestTree.random(i, 2000));
                }
                guests[g] = t.root();
            }
            org.hashify.kernel.store.Store.openForWriting(fs.root().resolve("store"), "test").close();
            // fill what is left, so that new store directories and directory entries cannot be allocated
            Path filler = fs.root().resolve("filler");
            run("dd", "if=/dev/zero", "of=" + filler, "bs=64k");
            run("sync");
            var before = TreeSnapshot.contentOf(fs.root().resolve("g1"));
            RunReport r = Runs.run(fs.root().resolve("store"), Runs.DEFAULT, guests);
            assertTrue(r.hasFailures(), "a full disk must show in the exit status");
            assertTrue(r.problems().stream().anyMatch(p -> p.contains("no space left on device")), r.problems().toString());
            assertTrue(r.problems().stream().allMatch(p -> !p.contains("\n")));
            TreeSnapshot.assertSame(before, TreeSnapshot.contentOf(fs.root().resolve("g1")));
            Files.delete(filler);
            // with space again, the next run completes and leaves no temporary name
            RunReport again = Runs.run(fs.root().resolve("store"), Runs.DEFAULT, guests);
            assertEquals(List.of(), again.problems());
            TreeSnapshot.assertSame(before, TreeSnapshot.contentOf(fs.root().resolve("g1")));
            assertEquals(Runs.ino(guests[0].resolve("usr/share/d0/f0")), Runs.ino(guests[1].resolve("usr/share/d0/f0")));
        }
    }
}
