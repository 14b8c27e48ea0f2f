package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md Semantics 6 (incremental) and 9 (dry run). */
class DryRunAndIncrementalTest {
    @TempDir
    Path tmp;

    private Path[] guests(int n) throws Exception {
        return guests(0, n);
    }

    private Path[] guests(int from, int to) throws Exception {
        Path[] roots = new Path[to - from];
        for (int i = from; i < to; i++) {
            GuestTree g = GuestTree.at(tmp.resolve("g" + i));
            for (int f = 0; f < 40; f++) {
                g.file("usr/lib/f" + f, GuestTree.random(f, 1000 + f * 97));
            }
            g.file("usr/lib/own", GuestTree.random(1000 + i, 5000)).file("etc/hostname", "g" + i + "\n")
                    .hardLink("usr/lib/alias", "usr/lib/f1");
            roots[i - from] = g.root();
        }
        return roots;
    }

    @Test
    void dryRunChangesNothingAnywhereAndPredictsTheRealRun() throws Exception {
        Path[] roots = guests(3);
        Path store = tmp.resolve("store");
        SortedMap<String, TreeSnapshot.Entry> before = TreeSnapshot.of(tmp);
        RunReport dry = Runs.run(store, Runs.DRY, roots);
        TreeSnapshot.assertSame(before, TreeSnapshot.of(tmp));
        assertFalse(Files.exists(store), "a dry run does not even create the store");
        assertTrue(dry.dryRun());

        RunReport real = Runs.run(store, Runs.DEFAULT, roots);
        assertEquals(real.total(g -> g.unified), dry.total(g -> g.unified));
        assertEquals(real.total(g -> g.newObjects), dry.total(g -> g.newObjects));
        assertEquals(real.total(g -> g.bytesSaved), dry.total(g -> g.bytesSaved));

        // against an existing store, too: nothing changes, the store included
        GuestTree extra = GuestTree.at(tmp.resolve("g9"));
        extra.file("usr/lib/f3", GuestTree.random(3, 1000 + 3 * 97));
        SortedMap<String, TreeSnapshot.Entry> again = TreeSnapshot.of(tmp);
        RunReport dry2 = Runs.run(store, Runs.DRY, extra.root());
        TreeSnapshot.assertSame(again, TreeSnapshot.of(tmp));
        assertEquals(1, dry2.total(g -> g.unified));
    }

    @Test
    void secondRunReadsNoContentAndCountsUnifiedFiles() throws Exception {
        Path[] roots = guests(3);
        Path store = tmp.resolve("store");
        RunReport first = Runs.run(store, Runs.DEFAULT, roots);
        assertTrue(first.total(g -> g.bytesHashed) > 0);
        long readBefore = ContentHasher.contentBytesRead();
        RunReport second = Runs.run(store, Runs.DEFAULT, roots);
        assertEquals(0, ContentHasher.contentBytesRead() - readBefore, "not one byte of content was read");
        assertEquals(0, second.total(g -> g.bytesHashed));
        assertEquals(0, second.total(g -> g.unified) + second.total(g -> g.newObjects));
        // 40 shared files + alias + own per guest, all linked to objects now
        assertEquals(3 * 42, second.total(g -> g.alreadyUnified));
    }

    @Test
    void aNewGuestFindsItsTwinsInTheStore() throws Exception {
        Path[] roots = guests(2);
        Path store = tmp.resolve("store");
        Runs.run(store, Runs.DEFAULT, roots);
        Path[] later = guests(2, 3);
        RunReport r = Runs.run(store, Runs.DEFAULT, later);
        assertEquals(40 + 1, r.total(g -> g.unified), "every shared file and its alias joined the existing objects");
        assertEquals(1, r.total(g -> g.newObjects), "only its own file became a new object");
    }
}
