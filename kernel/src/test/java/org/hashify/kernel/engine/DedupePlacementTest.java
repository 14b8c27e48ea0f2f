package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.LoopMount;
import org.hashify.kernel.testing.TreeSnapshot;
import org.hashify.kernel.walk.ExcludeList;
import org.hashify.kernel.walk.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dedupe mode places each file on the thread that hashed it, several at once, on a real XFS image:
 * one object per content however many threads meet it, files written to between hashing and
 * sharing left as they are, and a kept source file that changed never shared from.
 */
class DedupePlacementTest {
    private static final Hashifier.Options FOUR_THREADS = new Hashifier.Options(16, false, false, 4, Mode.DEDUPE);

    @TempDir
    Path tmp;

    private static RunReport run(Path store, boolean inWalkOrder, Consumer<Unit> beforePlacing, List<Path> guests)
            throws Exception {
        List<GuestSpec> specs = new ArrayList<>();
        for (Path g : guests) {
            specs.add(new GuestSpec(g.getFileName().toString(), g, ExcludeList.builtIn()));
        }
        try (Store s = Store.openForWriting(store, "test")) {
            Hashifier h = new Hashifier(s, FOUR_THREADS, Hashifier.Progress.NONE);
            h.beforePlacing(beforePlacing);
            if (inWalkOrder) {
                h.placeInWalkOrder();
            }
            return h.run(specs);
        }
    }

    private static void assertStoreClean(Path store, long objects) throws Exception {
        try (Store s = Store.openReadOnly(store, false)) {
            assertEquals(objects, StoreStatus.of(s).objects(), "objects in the store");
            assertTrue(Verifier.verify(s, 2).clean(), "every object matches its name");
            assertEquals(List.of(), s.leftovers(), "no temporary file left in the store");
        }
    }

    /** Four guests, 48 files each, twelve contents: every content met by several threads at once. */
    private List<Path> twinsEverywhere(Path root) throws Exception {
        List<Path> guests = new ArrayList<>();
        for (int g = 0; g < 4; g++) {
            GuestTree t = GuestTree.at(root.resolve("g" + g));
            for (int i = 0; i < 48; i++) {
                int content = (i + g) % 12;
                int size = content == 0 ? 2 << 20 : 4096 * content + 100;
                t.file("usr/lib/f" + i, GuestTree.random(content, size));
            }
            guests.add(t.root());
        }
        return guests;
    }

    private void oneObjectPerContent(boolean inWalkOrder) throws Exception {
        try (LoopMount fs = LoopMount.create(tmp, "xfs", 300, "-q", "-f", "-m", "reflink=1")) {
            List<Path> guests = twinsEverywhere(fs.root());
            Map<Path, ?> before = snapshots(guests);
            Path store = fs.root().resolve("store");
            RunReport r = run(store, inWalkOrder, u -> { }, guests);
            assertFalse(r.hasFailures(), r.problems().toString());
            assertEquals(12, r.total(g -> g.newObjects), "one object per content");
            assertEquals(4 * 48 - 12, r.total(g -> g.unified));
            assertEquals(0, r.total(GuestReport::skippedTotal), "nothing skipped");
            assertStoreClean(store, 12);
            assertEquals(before, snapshots(guests), "content and metadata of every guest file unchanged");
            for (Path g : guests) {
                assertTrue(Runs.allExtentsShared(g.resolve("usr/lib/f0")), g + "/usr/lib/f0 shares its extents");
            }
            long read = ContentHasher.contentBytesRead();
            RunReport again = run(store, inWalkOrder, u -> { }, guests);
            assertEquals(0, ContentHasher.contentBytesRead() - read, "a re-run reads nothing");
            assertEquals(4 * 48, again.total(g -> g.alreadyUnified));
        }
    }

    private static Map<Path, ?> snapshots(List<Path> guests) throws Exception {
        Map<Path, Object> m = new java.util.HashMap<>();
        for (Path g : guests) {
            m.put(g, TreeSnapshot.of(g));
        }
        return m;
    }

    @Test
    void manyTwinsOnSeveralThreadsMakeOneObjectEach() throws Exception {
        oneObjectPerContent(false);
    }

    @Test
    void inWalkOrderOnOneThreadTheSame() throws Exception {
        oneObjectPerContent(true);
    }

    /** A write a test hook makes. */
    private interface Write {
        void run() throws java.io.IOException;
    }

    /** A hook that makes {@code write} the first time the unit of {@code trigger} comes by. */
    private static Consumer<Unit> onceAt(Path trigger, Write write) throws Exception {
        long ino = Runs.ino(trigger);
        AtomicBoolean done = new AtomicBoolean();
        return u -> {
            if (u.leader().stat().ino() == ino && done.compareAndSet(false, true)) {
                try {
                    write.run();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    /** A hook that writes {@code content} into {@code file} the first time the unit of that file comes by. */
    private static Consumer<Unit> rewriteOnce(Path file, byte[] content) throws Exception {
        return onceAt(file, () -> Files.write(file, content));
    }

    /**
     * a/usr/x is written to after it was hashed, before its object was made of it; b/usr/z after it
     * was hashed, before it was compared with its object (no path of an earlier guest suggests its
     * object, so it is hashed first). Both stay as they were written.
     */
    private void writtenBetweenHashAndPlacing(boolean inWalkOrder) throws Exception {
        try (LoopMount fs = LoopMount.create(tmp, "xfs", 300, "-q", "-f", "-m", "reflink=1")) {
            byte[] x = GuestTree.random(1, 200_000);
            byte[] y = GuestTree.random(2, 300_000);
            byte[] otherX = GuestTree.random(3, x.length);
            byte[] otherY = GuestTree.random(4, y.length);
            GuestTree a = GuestTree.at(fs.root().resolve("a")).file("usr/x", x).file("usr/y", y);
            GuestTree b = GuestTree.at(fs.root().resolve("b")).file("usr/x", x).file("usr/z", y);
            Consumer<Unit> hook = rewriteOnce(a.path("usr/x"), otherX).andThen(rewriteOnce(b.path("usr/z"), otherY));
            Path store = fs.root().resolve("store");
            RunReport r = run(store, inWalkOrder, hook, List.of(a.root(), b.root()));
            assertFalse(r.hasFailures(), r.problems().toString());
            assertEquals(1L, Runs.guest(r, "a").skipped.get(SkipReason.CHANGED), "a/usr/x: no object made of it");
            assertEquals(1L, Runs.guest(r, "b").skipped.get(SkipReason.CHANGED), "b/usr/z: not shared");
            assertEquals(1, Runs.guest(r, "b").newObjects, "b/usr/x became the object a/usr/x could not");
            assertArrayEquals(otherX, Files.readAllBytes(a.path("usr/x")));
            assertArrayEquals(x, Files.readAllBytes(b.path("usr/x")));
            assertArrayEquals(y, Files.readAllBytes(a.path("usr/y")));
            assertArrayEquals(otherY, Files.readAllBytes(b.path("usr/z")));
            assertStoreClean(store, 2);
        }
    }

    @Test
    void aFileWrittenBetweenHashAndPlacingIsLeftAsWritten() throws Exception {
        writtenBetweenHashAndPlacing(false);
    }

    @Test
    void inWalkOrderAFileWrittenBetweenHashAndPlacingIsLeftAsWritten() throws Exception {
        writtenBetweenHashAndPlacing(true);
    }

    /**
     * b/usr/x would be compared with a/usr/x, the file its object was cloned from, kept open by the
     * run; a/usr/x is rewritten with other bytes just before. b/usr/x shares the object instead.
     */
    @Test
    void aKeptSourceRewrittenSinceIsNotSharedFrom() throws Exception {
        try (LoopMount fs = LoopMount.create(tmp, "xfs", 300, "-q", "-f", "-m", "reflink=1")) {
            byte[] x = GuestTree.random(5, 1 << 20);
            byte[] other = GuestTree.random(6, x.length);
            GuestTree a = GuestTree.at(fs.root().resolve("a")).file("usr/x", x);
            GuestTree b = GuestTree.at(fs.root().resolve("b")).file("usr/x", x);
            Consumer<Unit> hook = onceAt(b.path("usr/x"), () -> Files.write(a.path("usr/x"), other));
            Path store = fs.root().resolve("store");
            RunReport r = run(store, false, hook, List.of(a.root(), b.root()));
            assertFalse(r.hasFailures(), r.problems().toString());
            assertEquals(1, Runs.guest(r, "b").unified, "shared with the object");
            assertArrayEquals(other, Files.readAllBytes(a.path("usr/x")));
            assertArrayEquals(x, Files.readAllBytes(b.path("usr/x")));
            assertTrue(Runs.allExtentsShared(b.path("usr/x")), "b/usr/x shares the object's extents");
            assertFalse(Runs.allExtentsShared(a.path("usr/x")), "a/usr/x, rewritten, shares nothing");
            assertStoreClean(store, 1);
        }
    }

    /**
     * a/usr/x, kept open as the source of its object, and b/usr/x are both rewritten with the same new
     * bytes just before b/usr/x is placed. The kernel would find the two equal; but b/usr/x must not
     * be recorded as sharing the object of a/usr/x's old bytes: it is left as it is.
     */
    @Test
    void aKeptSourceRewrittenLikeItsTwinIsNotSharedFrom() throws Exception {
        try (LoopMount fs = LoopMount.create(tmp, "xfs", 300, "-q", "-f", "-m", "reflink=1")) {
            byte[] x = GuestTree.random(7, 1 << 20);
            byte[] other = GuestTree.random(8, x.length);
            GuestTree a = GuestTree.at(fs.root().resolve("a")).file("usr/x", x);
            GuestTree b = GuestTree.at(fs.root().resolve("b")).file("usr/x", x);
            Consumer<Unit> hook = onceAt(b.path("usr/x"), () -> {
                Files.write(a.path("usr/x"), other);
                Files.write(b.path("usr/x"), other);
            });
            Path store = fs.root().resolve("store");
            RunReport r = run(store, false, hook, List.of(a.root(), b.root()));
            assertFalse(r.hasFailures(), r.problems().toString());
            assertEquals(0, Runs.guest(r, "b").unified, "not shared with the object of the old bytes");
            assertEquals(1L, Runs.guest(r, "b").skipped.get(SkipReason.CHANGED), "written to while hashify worked on it");
            assertArrayEquals(other, Files.readAllBytes(b.path("usr/x")));
            assertStoreClean(store, 1);
        }
    }

    /**
     * A later guest's file at the path of an earlier guest's, of its size, is offered the earlier
     * one's object unread; the kernel compares. Where the bytes differ the file is hashed as usual.
     */
    @Test
    void twinsAtTheSamePathAreSharedUnread() throws Exception {
        try (LoopMount fs = LoopMount.create(tmp, "xfs", 300, "-q", "-f", "-m", "reflink=1")) {
            List<Path> guests = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                GuestTree t = GuestTree.at(fs.root().resolve(name));
                for (int i = 0; i < 10; i++) {
                    t.file("usr/lib/f" + i, GuestTree.random(10 + i, 20_000 + 5000 * i));
                }
                guests.add(t.root());
            }
            byte[] odd = GuestTree.random(30, 70_000);
            byte[] oddToo = GuestTree.random(31, odd.length); // same path, same size, other bytes
            GuestTree.at(guests.get(0)).file("usr/lib/odd", odd);
            GuestTree.at(guests.get(2)).file("usr/lib/odd", oddToo);
            Map<Path, ?> before = snapshots(guests);
            Path store = fs.root().resolve("store");
            RunReport r = run(store, false, u -> { }, guests);
            assertFalse(r.hasFailures(), r.problems().toString());
            GuestReport b = Runs.guest(r, "b");
            GuestReport c = Runs.guest(r, "c");
            assertEquals(10, b.unified);
            assertEquals(0, b.bytesHashed, "b was shared without reading a byte of it");
            assertEquals(10, c.unified);
            assertEquals(1, c.newObjects, "c/usr/lib/odd differs from what its path suggested");
            assertEquals(oddToo.length, c.bytesHashed, "only c/usr/lib/odd was read");
            assertEquals(before, snapshots(guests));
            assertArrayEquals(oddToo, Files.readAllBytes(guests.get(2).resolve("usr/lib/odd")));
            for (Path g : guests) {
                assertTrue(Runs.allExtentsShared(g.resolve("usr/lib/f9")), g + "/usr/lib/f9 shares its extents");
            }
            assertStoreClean(store, 12);
        }
    }
}
