package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.LoopMount;
import org.hashify.kernel.testing.TreeSnapshot;
import org.hashify.kernel.walk.ExcludeList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dedupe mode on real XFS (reflink=1) and btrfs images: extents shared, inodes and metadata kept. */
class DedupeModeTest {
    @TempDir
    Path tmp;

    private static final Hashifier.Options AUTO = new Hashifier.Options(16, false, false, 2, Mode.AUTO);

    private GuestTree guest(Path root, byte[] big, byte[] small) throws Exception {
        return GuestTree.at(root).file("usr/lib/big.so", big).file("usr/share/small", small)
                .xattr("usr/lib/big.so", "user.only", root.getFileName().toString().getBytes());
    }

    private void dedupeOn(String type, String... mkfs) throws Exception {
        try (LoopMount fs = LoopMount.create(tmp, type, 300, mkfs)) {
            byte[] big = GuestTree.random(1, 3 << 20);
            byte[] small = GuestTree.random(2, 9000);
            GuestTree a = guest(fs.root().resolve("a"), big, small);
            GuestTree b = guest(fs.root().resolve("b"), big, small);
            b.mode("usr/share/small", 0600); // metadata differs: still shared in dedupe mode
            var beforeA = TreeSnapshot.of(a.root());
            var beforeB = TreeSnapshot.of(b.root());
            RunReport r = Runs.run(fs.root().resolve("store"), AUTO, ExcludeList.builtIn(), a.root(), b.root());
            assertFalse(r.hasFailures(), r.problems().toString());
            assertEquals("dedupe", r.mode(), "auto picks dedupe on " + type);
            assertEquals(2, Runs.guest(r, "b").unified);
            for (GuestTree g : List.of(a, b)) {
                assertTrue(Runs.allExtentsShared(g.path("usr/lib/big.so")), g.root() + " shares its extents");
            }
            // each guest keeps its own inodes and every piece of metadata
            assertEquals(beforeA, TreeSnapshot.of(a.root()));
            assertEquals(beforeB, TreeSnapshot.of(b.root()));
            assertNotEquals(Runs.ino(a.path("usr/lib/big.so")), Runs.ino(b.path("usr/lib/big.so")));

            // a re-run asks the kernel to compare nothing it already shares
            long read = ContentHasher.contentBytesRead();
            RunReport again = Runs.run(fs.root().resolve("store"), AUTO, ExcludeList.builtIn(), a.root(), b.root());
            assertEquals(0, ContentHasher.contentBytesRead() - read);
            assertEquals(4, again.total(g -> g.alreadyUnified));
            assertEquals(0, again.total(g -> g.unified));

            // a write into one guest's file is copy-on-write: the other guest and the object keep their bytes
            byte[] changed = big.clone();
            changed[100] ^= 1;
            Files.write(a.path("usr/lib/big.so"), changed);
            assertArrayEquals(big, Files.readAllBytes(b.path("usr/lib/big.so")));
            try (Store s = Store.openReadOnly(fs.root().resolve("store"), false)) {
                assertTrue(Verifier.verify(s, 2).clean(), "the object still matches its name");
                StoreStatus st = StoreStatus.of(s);
                assertEquals(2, st.objects());
            }
        }
    }

    @Test
    void xfsWithReflinkSharesExtents() throws Exception {
        dedupeOn("xfs", "-q", "-f", "-m", "reflink=1");
    }

    @Test
    void btrfsSharesExtents() throws Exception {
        dedupeOn("btrfs", "-q", "-f");
    }

    @Test
    void gcKeepsDedupeObjectsWhileARecordNamesThem() throws Exception {
        try (LoopMount fs = LoopMount.create(tmp, "xfs", 300, "-q", "-f", "-m", "reflink=1")) {
            byte[] big = GuestTree.random(3, 1 << 20);
            GuestTree a = GuestTree.at(fs.root().resolve("a")).file("usr/x", big).file("usr/y", GuestTree.random(4, 5000));
            Path store = fs.root().resolve("store");
            Runs.run(store, AUTO, ExcludeList.builtIn(), a.root());
            Files.delete(a.path("usr/y"));
            Runs.run(store, AUTO, ExcludeList.builtIn(), a.root()); // records now name only usr/x's object
            try (Store s = Store.openForWriting(store, "test")) {
                GarbageCollector.Result gc = GarbageCollector.collect(s, false);
                assertEquals(1, gc.objectsRemoved());
                assertEquals(1, s.listObjects().size());
            }
        }
    }

    @Test
    void autoFallsBackToHardlinksOnExt4AndSaysSo() throws Exception {
        try (LoopMount fs = LoopMount.create(tmp, "ext4", 64, "-q")) {
            byte[] data = GuestTree.random(5, 5000);
            GuestTree a = GuestTree.at(fs.root().resolve("a")).file("usr/x", data);
            GuestTree b = GuestTree.at(fs.root().resolve("b")).file("usr/x", data);
            RunReport r = Runs.run(fs.root().resolve("store"), AUTO, ExcludeList.builtIn(), a.root(), b.root());
            assertEquals("hardlink", r.mode());
            assertEquals(Runs.ino(a.path("usr/x")), Runs.ino(b.path("usr/x")));
        }
    }
}
