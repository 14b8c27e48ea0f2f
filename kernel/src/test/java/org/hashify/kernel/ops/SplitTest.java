package org.hashify.kernel.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hashify.kernel.engine.Freezer;
import org.hashify.kernel.engine.Mode;
import org.hashify.kernel.store.DedupeRefs;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.testing.Flags;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.LoopMount;
import org.hashify.kernel.testing.TreeSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hashify split: private copies for every shared file, nothing else changes, and a refusal when they do not fit. */
class SplitTest {
    @TempDir
    Path tmp;

    private static final byte[] TOOL = GuestTree.random(1, 20_000);
    private static final byte[] LIB = GuestTree.random(2, 30_000);
    private static final byte[] DOC = GuestTree.random(3, 5_000);

    @AfterEach
    void thaw() throws Exception {
        if (GuestTree.isRoot()) {
            Flags.clearAll(tmp);
        }
    }

    private static GuestTree guest(Path root) throws Exception {
        return GuestTree.at(root)
                .file("usr/bin/tool", TOOL)
                .file("usr/lib/libx.so", LIB).hardLink("usr/lib/libx.so.1", "usr/lib/libx.so")
                .file("usr/share/doc/a", DOC).file("usr/share/doc/b", DOC)
                .file("usr/share/own-" + root.getFileName(), GuestTree.random(root.getFileName().hashCode(), 4000))
                .file("etc/x.conf", TOOL)
                .xattr("usr/bin/tool", "user.kind", "tool".getBytes())
                .mtime("usr/share/doc", java.nio.file.attribute.FileTime.fromMillis(1_234_567_890_123L));
    }

    private static Split split(Store store, boolean dryRun, Path... guests) throws Exception {
        Splitter s = new Splitter(store);
        List<Splitter.Guest> list = Stream.of(guests).map(g -> new Splitter.Guest(g.getFileName().toString(), g)).toList();
        SplitPlan plan = s.plan(list);
        return new Split(plan, s.split(plan, dryRun));
    }

    private record Split(SplitPlan plan, SplitReport report) {
    }

    /** The inode of every regular file under a root, with the root's device. */
    private static Set<Long> inodes(Path root) throws IOException {
        Set<Long> inos = new HashSet<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                inos.add(Fixtures.ino(p));
            }
        }
        return inos;
    }

    /** Path to inode, to see that the other guests keep theirs. */
    private static Map<String, Long> inodeMap(Path root) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        for (var e : TreeSnapshot.of(root).entrySet()) {
            m.put(e.getKey(), e.getValue().ino());
        }
        return m;
    }

    /** Every directory's modification time, which a split must give back. */
    private static Map<String, Long> dirTimes(Path root) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        TreeSnapshot.of(root).forEach((k, v) -> {
            if (v.type().equals("dir")) {
                m.put(k, v.mtimeNs());
            }
        });
        return m;
    }

    @Test
    void aSplitGuestSharesNothingAndLooksTheSame() throws Exception {
        GuestTree a = guest(tmp.resolve("a"));
        GuestTree b = guest(tmp.resolve("b"));
        GuestTree c = guest(tmp.resolve("c"));
        Path storeDir = tmp.resolve("store");
        Fixtures.hashify(storeDir, Mode.HARDLINK, a.root(), b.root(), c.root());
        assertEquals(Fixtures.ino(a.path("usr/bin/tool")), Fixtures.ino(b.path("usr/bin/tool")), "shared before");

        SortedMap<String, TreeSnapshot.Entry> contentA = TreeSnapshot.contentOf(a.root());
        Map<String, Long> dirsA = dirTimes(a.root());
        SortedMap<String, TreeSnapshot.Entry> contentB = TreeSnapshot.contentOf(b.root());
        Map<String, Long> inodesB = inodeMap(b.root());
        Map<String, Long> inodesC = inodeMap(c.root());
        long toolLinks = Fixtures.nlink(b.path("usr/bin/tool"));

        Split r;
        try (Store s = Store.openForWriting(storeDir, "test")) {
            r = split(s, false, a.root());
        }
        SplitReport.GuestResult g = r.report().guests().get(0);
        assertTrue(r.report().complete(), r.report().problems().toString());
        assertEquals(6, g.sharedPaths(), "tool, libx.so twice, doc/a, doc/b, own-a");
        assertEquals(4, g.sharedInodes(), "doc/a and doc/b are one object");
        assertEquals(6, g.splitPaths());
        assertEquals(4, g.splitInodes());
        assertEquals(20_000 + 30_000 + 5_000 + 4_000, g.sharedBytes());
        assertEquals(g.sharedBytes(), g.bytesCopied());

        // nothing of a is shared with another guest or the store
        Set<Long> others = new HashSet<>(inodes(b.root()));
        others.addAll(inodes(c.root()));
        others.addAll(inodes(storeDir));
        Set<Long> mine = inodes(a.root());
        mine.retainAll(others);
        assertEquals(Set.of(), mine);
        // what a guest sees is unchanged, directory times included; hard-link groups are groups still
        TreeSnapshot.assertSame(contentA, TreeSnapshot.contentOf(a.root()));
        assertEquals(dirsA, dirTimes(a.root()));
        assertEquals(Fixtures.ino(a.path("usr/lib/libx.so")), Fixtures.ino(a.path("usr/lib/libx.so.1")));
        assertEquals(2, Fixtures.nlink(a.path("usr/lib/libx.so")));
        assertEquals(Fixtures.ino(a.path("usr/share/doc/a")), Fixtures.ino(a.path("usr/share/doc/b")));
        // the other guests keep their inodes and content; the object lost one link
        TreeSnapshot.assertSame(contentB, TreeSnapshot.contentOf(b.root()));
        assertEquals(inodesB, inodeMap(b.root()));
        assertEquals(inodesC, inodeMap(c.root()));
        assertEquals(toolLinks - 1, Fixtures.nlink(b.path("usr/bin/tool")));
        // no temporary name is left
        try (Stream<Path> s = Files.walk(a.root())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".hashify-")).toList());
        }
        // a second split finds nothing left to do
        try (Store s = Store.openForWriting(storeDir, "test")) {
            assertEquals(0, split(s, false, a.root()).report().guests().get(0).sharedPaths());
        }
    }

    @Test
    void aDryRunChangesNothing() throws Exception {
        GuestTree a = guest(tmp.resolve("a"));
        GuestTree b = guest(tmp.resolve("b"));
        Path storeDir = tmp.resolve("store");
        Fixtures.hashify(storeDir, Mode.HARDLINK, a.root(), b.root());
        var before = TreeSnapshot.of(a.root());
        try (Store s = Store.openReadOnly(storeDir, true)) {
            Split r = split(s, true, a.root());
            assertTrue(r.report().dryRun());
            assertEquals(6, r.report().guests().get(0).splitPaths(), "what a real split would do");
        }
        TreeSnapshot.assertSame(before, TreeSnapshot.of(a.root()));
    }

    @Test
    void frozenObjectsAreThawedForTheSplitAndFrozenAgain() throws Exception {
        assumeTrue(GuestTree.isRoot(), "the immutable flag needs root");
        GuestTree a = guest(tmp.resolve("a"));
        GuestTree b = guest(tmp.resolve("b"));
        Path storeDir = tmp.resolve("store");
        Fixtures.hashify(storeDir, Mode.HARDLINK, a.root(), b.root());
        var contentA = TreeSnapshot.contentOf(a.root());
        try (Store s = Store.openForWriting(storeDir, "test")) {
            assertTrue(Freezer.freezeAll(s).clean());
            Split r = split(s, false, a.root());
            assertTrue(r.report().complete(), r.report().problems().toString());
            assertEquals(4, r.report().guests().get(0).thawedObjects());
        }
        assertNotEquals(Fixtures.ino(a.path("usr/bin/tool")), Fixtures.ino(b.path("usr/bin/tool")));
        assertTrue(Flags.frozen(b.path("usr/bin/tool")), "the object is frozen again");
        assertFalse(Flags.frozen(a.path("usr/bin/tool")), "the private copy is the guest's own, writable file");
        TreeSnapshot.assertSame(contentA, TreeSnapshot.contentOf(a.root()));
    }

    @Test
    void aPathTheGuestReplacesMeanwhileIsLeftAsTheGuestMadeIt() throws Exception {
        GuestTree a = guest(tmp.resolve("a"));
        GuestTree b = guest(tmp.resolve("b"));
        Path storeDir = tmp.resolve("store");
        Fixtures.hashify(storeDir, Mode.HARDLINK, a.root(), b.root());
        byte[] fresh = GuestTree.random(99, 1234);
        try (Store s = Store.openForWriting(storeDir, "test")) {
            Splitter splitter = new Splitter(s);
            splitter.beforeReplace(e -> {
                if (e.path().equals("/usr/bin/tool")) {
                    try {
                        // a package upgrade puts a new file in place
                        Path next = a.path("usr/bin/tool.new");
                        Files.write(next, fresh);
                        Files.move(next, a.path("usr/bin/tool"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                }
            });
            SplitReport r = splitter.split(splitter.plan(List.of(new Splitter.Guest("a", a.root()))), false);
            assertEquals(1, r.guests().get(0).skippedPaths());
            assertEquals(5, r.guests().get(0).splitPaths());
            assertFalse(r.complete());
            assertTrue(r.problems().get(0).contains("/usr/bin/tool"), r.problems().toString());
        }
        assertArrayEquals(fresh, Files.readAllBytes(a.path("usr/bin/tool")), "the guest's new file stays");
        assertArrayEquals(TOOL, Files.readAllBytes(b.path("usr/bin/tool")));
        try (Stream<Path> s = Files.list(a.path("usr/bin"))) {
            assertEquals(List.of("tool"), s.map(p -> p.getFileName().toString()).toList(), "no temporary copy left");
        }
    }

    /** A small ext4 with two guests and a store, filled so that the copies cannot fit: refused, nothing changed. */
    @Test
    void refusesWithTheNumbersWhenTheCopiesDoNotFit() throws Exception {
        Files.createDirectories(tmp.resolve("img"));
        try (LoopMount ext4 = LoopMount.create(tmp.resolve("img"), "ext4", 32)) {
            Path root = ext4.root();
            byte[] big1 = GuestTree.random(11, 3 << 20);
            byte[] big2 = GuestTree.random(12, 3 << 20);
            GuestTree a = GuestTree.at(root.resolve("a")).file("usr/lib/one", big1).file("usr/lib/two", big2);
            GuestTree b = GuestTree.at(root.resolve("b")).file("usr/lib/one", big1).file("usr/lib/two", big2);
            Path storeDir = root.resolve("store");
            Fixtures.hashify(storeDir, Mode.HARDLINK, a.root(), b.root());
            // fill the disk until only about 8 MiB are free: both guests' copies need 12 MiB
            long free = Files.getFileStore(root).getUsableSpace();
            long fill = free - (8L << 20);
            assumeTrue(fill > 0, "the image has less free space than the test expects");
            try (var ch = java.nio.channels.FileChannel.open(root.resolve("filler"),
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                byte[] chunk = new byte[1 << 20];
                for (long done = 0; done < fill; done += chunk.length) {
                    ch.write(java.nio.ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, fill - done)));
                }
            }
            var beforeA = TreeSnapshot.of(a.root());
            var contentA = TreeSnapshot.contentOf(a.root());
            var beforeB = TreeSnapshot.of(b.root());
            var beforeStore = TreeSnapshot.of(storeDir.resolve("objects"));
            try (Store s = Store.openForWriting(storeDir, "test")) {
                Splitter splitter = new Splitter(s);
                SplitPlan plan = splitter.plan(List.of(new Splitter.Guest("a", a.root()), new Splitter.Guest("b",
                        b.root())));
                assertEquals(1, plan.shortages().size());
                SplitPlan.SpaceCheck shortage = plan.shortages().get(0);
                assertEquals(12L << 20, shortage.needed(), "each guest needs its own copy of both objects");
                InsufficientSpaceException e = assertThrows(InsufficientSpaceException.class,
                        () -> splitter.split(plan, false));
                assertTrue(e.getMessage().contains("Not enough free space"), e.getMessage());
                assertTrue(e.getMessage().contains(Long.toString(shortage.needed())), e.getMessage());
                assertTrue(e.getMessage().contains(Long.toString(shortage.available())), e.getMessage());
                assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
                TreeSnapshot.assertSame(beforeA, TreeSnapshot.of(a.root()));
                TreeSnapshot.assertSame(beforeB, TreeSnapshot.of(b.root()));
                TreeSnapshot.assertSame(beforeStore, TreeSnapshot.of(storeDir.resolve("objects")));

                // one guest fits: split it
                Splitter one = new Splitter(s);
                SplitPlan onePlan = one.plan(List.of(new Splitter.Guest("a", a.root())));
                assertEquals(List.of(), onePlan.shortages());
                SplitReport r = one.split(onePlan, false);
                assertTrue(r.complete(), r.problems().toString());
            }
            TreeSnapshot.assertSame(contentA, TreeSnapshot.contentOf(a.root()));
            assertNotEquals(beforeA.get(hexOf("/usr/lib/one")).ino(), Fixtures.ino(a.path("usr/lib/one")));
            TreeSnapshot.assertSame(beforeB, TreeSnapshot.of(b.root()).entrySet().stream().collect(
                    java.util.stream.Collectors.toMap(Map.Entry::getKey, x -> withLinks(x.getValue(),
                            beforeB.get(x.getKey())), (x, y) -> x, TreeMap::new)));
        }
    }

    /** Dedupe mode: the guest's files share the objects' extents; after the split they share none, records gone. */
    @Test
    void inDedupeModeTheCopiesShareNoExtents() throws Exception {
        String filefrag = Fixtures.tool("filefrag");
        assumeTrue(filefrag != null, "filefrag (e2fsprogs) shows shared extents");
        Files.createDirectories(tmp.resolve("img"));
        try (LoopMount xfs = LoopMount.create(tmp.resolve("img"), "xfs", 300, "-m", "reflink=1")) {
            byte[] big = GuestTree.random(14, 2 << 20);
            GuestTree a = GuestTree.at(xfs.root().resolve("a")).file("usr/lib/big", big).hardLink("usr/lib/big.1",
                    "usr/lib/big");
            GuestTree b = GuestTree.at(xfs.root().resolve("b")).file("usr/lib/big", big);
            Path storeDir = xfs.root().resolve("store");
            Fixtures.hashify(storeDir, Mode.DEDUPE, a.root(), b.root());
            assertTrue(Fixtures.run(filefrag, "-v", a.path("usr/lib/big").toString()).contains("shared"));
            var contentA = TreeSnapshot.contentOf(a.root());
            try (Store s = Store.openForWriting(storeDir, "test")) {
                assertFalse(DedupeRefs.read(s, a.root()).isEmpty());
                Split r = split(s, false, a.root());
                assertTrue(r.report().complete(), r.report().problems().toString());
                assertEquals(2, r.report().guests().get(0).splitPaths());
                assertEquals(1, r.report().guests().get(0).splitInodes());
                assertEquals(Map.of(), DedupeRefs.read(s, a.root()), "the split guest's records are gone");
                assertFalse(DedupeRefs.read(s, b.root()).isEmpty(), "the other guest's stay");
            }
            assertFalse(Fixtures.run(filefrag, "-v", a.path("usr/lib/big").toString()).contains("shared"),
                    "the copy shares no extent");
            assertTrue(Fixtures.run(filefrag, "-v", b.path("usr/lib/big").toString()).contains("shared"));
            TreeSnapshot.assertSame(contentA, TreeSnapshot.contentOf(a.root()));
            assertEquals(Fixtures.ino(a.path("usr/lib/big")), Fixtures.ino(a.path("usr/lib/big.1")));
        }
    }

    private static String hexOf(String path) {
        return java.util.HexFormat.of().formatHex(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An entry with the link count and change time it had before: splitting a lowers the object's. */
    private static TreeSnapshot.Entry withLinks(TreeSnapshot.Entry now, TreeSnapshot.Entry before) {
        if (before == null) {
            return now;
        }
        return new TreeSnapshot.Entry(now.type(), now.ino(), before.nlink(), now.mode(), now.uid(), now.gid(), now.size(),
                now.mtimeNs(), now.atimeNs(), before.ctimeNs(), now.xattrs(), now.content());
    }
}
