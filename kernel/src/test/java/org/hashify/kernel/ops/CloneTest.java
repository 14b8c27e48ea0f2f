package org.hashify.kernel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.hashify.kernel.engine.Freezer;
import org.hashify.kernel.engine.Mode;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.store.DedupeRefs;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.testing.Flags;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.LoopMount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hashify clone: a new guest equal in everything a guest sees, sharing the store's objects. */
class CloneTest {
    @TempDir
    Path tmp;

    private static final byte[] TOOL = GuestTree.random(1, 20_000);
    private static final byte[] LIB = GuestTree.random(2, 30_000);
    private static final long NOW = System.currentTimeMillis() / 1000;

    private Path store;

    @BeforeEach
    void needsRoot() {
        assumeTrue(GuestTree.isRoot(), "a faithful clone (owners, devices, capabilities) needs root");
        store = tmp.resolve("store");
    }

    @AfterEach
    void thaw() throws Exception {
        Flags.clearAll(tmp); // JUnit cannot delete frozen objects
    }

    /** A guest with every kind of entry and piece of metadata a clone must carry. */
    private GuestTree source(Path root) throws Exception {
        assumeTrue(Fixtures.tool("setcap") != null && Fixtures.tool("setfacl") != null, "setcap and setfacl are needed");
        GuestTree g = GuestTree.at(root)
                .file("usr/bin/tool", TOOL)
                .file("usr/lib/libx.so", LIB).hardLink("usr/lib/libx.so.1", "usr/lib/libx.so")
                .file("usr/bin/suid", GuestTree.random(3, 7000), 04755)
                .file("usr/bin/capped", GuestTree.random(4, 6000), 0755)
                .file("usr/share/tiny-a", "tiny\n").hardLink("usr/share/tiny-b", "usr/share/tiny-a")
                .file("etc/x.conf", TOOL)
                .file("etc/machine-id", "0123456789abcdef0123456789abcdef\n")
                .file("etc/hostname", "src\n")
                .file("var/lib/group-a", GuestTree.random(5, 4000)).hardLink("var/lib/group-b", "var/lib/group-a")
                .file("var/lib/suid-copy", GuestTree.random(6, 3000), 04711)
                .file("var/lib/capped-copy", GuestTree.random(10, 3000), 0755)
                .file("var/lib/acl-file", GuestTree.random(7, 2000))
                .file("var/lib/acldir/inside", GuestTree.random(8, 100))
                .file("var/lib/owned", GuestTree.random(9, 100)).owner("var/lib/owned", 1234, 2345)
                .file("var/lib/xattr-file", "x").xattr("var/lib/xattr-file", "user.test", "value".getBytes())
                .xattr("var/lib", "user.dir", "d".getBytes())
                .symlink("usr/bin/link", Path.of("tool"))
                .symlink("lib", Path.of("usr/lib"))
                .symlink("usr/bin/dangling", Path.of("/nonexistent/x"))
                .dir("run").dir("dev").dir("var/cache");
        // the exact mtime of a shared file is part of its identity: both guests get it
        Fixtures.times(g.path("usr/bin/tool"), NOW - 5, 1, 1_600_000_000L, 123_456_789);
        Fixtures.run(Fixtures.tool("setcap"), "cap_net_raw+ep", g.path("usr/bin/capped").toString());
        Fixtures.run(Fixtures.tool("setcap"), "cap_net_admin+ep", g.path("var/lib/capped-copy").toString());
        Fixtures.run(Fixtures.tool("setfacl"), "-m", "u:1234:rw", g.path("var/lib/acl-file").toString());
        Fixtures.run(Fixtures.tool("setfacl"), "-m", "u:1234:rwx", g.path("var/lib/acldir").toString());
        Fixtures.run(Fixtures.tool("setfacl"), "-d", "-m", "u:1234:rx", g.path("var/lib/acldir").toString());
        Fixtures.mknod(g.path("usr/share/fifo"), 0010640, 0);
        Fixtures.mknod(g.path("dev/null"), 0020666, LinuxFs.makedev(1, 3));
        Fixtures.mknod(g.path("dev/loop99"), 0060660, LinuxFs.makedev(7, 99));
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(g.path("run/sock")));
        }
        LinuxFs fs = LinuxFs.get();
        int dir = fs.openDirectoryPath(g.path("usr/bin"), "usr/bin");
        try {
            fs.chownNoFollow(dir, "link".getBytes(StandardCharsets.US_ASCII), 1234, 1234, "link");
        } finally {
            fs.close(dir);
        }
        int root2 = fs.openDirectoryPath(g.root(), "root");
        try {
            fs.setXattrNoFollow(root2, "lib".getBytes(StandardCharsets.US_ASCII), "trusted.test", "t".getBytes(), "lib");
        } finally {
            fs.close(root2);
        }
        return g;
    }

    /** Nanosecond times on every file of the own kind, every symlink and directory, set last. */
    private static void stampTimes(GuestTree g) throws Exception {
        List<Path> all;
        try (Stream<Path> s = Files.walk(g.root())) {
            all = new ArrayList<>(s.toList());
        }
        java.util.Collections.reverse(all); // children before their directories
        int n = 0;
        for (Path p : all) {
            n++;
            String rel = g.root().relativize(p).toString();
            if (rel.startsWith("usr/") && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue; // shared files keep the mtime their twins in the other guest have
            }
            // an atime after the mtime and recent: relatime then leaves it alone when the test reads a link
            Fixtures.times(p, NOW - n, 100_000 + n, 1_500_000_000L + n, 987_654_321 - n);
        }
    }

    private GuestTree other(Path root) throws Exception {
        GuestTree b = GuestTree.at(root).file("usr/bin/tool", TOOL).file("usr/lib/libx.so", LIB);
        Fixtures.times(b.path("usr/bin/tool"), NOW - 5, 1, 1_600_000_000L, 123_456_789);
        return b;
    }

    @Test
    void theCloneLooksExactlyLikeTheSourceAndSharesItsObjects() throws Exception {
        GuestTree src = source(tmp.resolve("src"));
        GuestTree b = other(tmp.resolve("b"));
        Fixtures.hashify(store, Mode.HARDLINK, src.root(), b.root());
        // an object linked into an excluded directory (the exclude list changed since): copied, never linked
        src.hardLink("var/cache/tool-copy", "usr/bin/tool");
        stampTimes(src);
        long objectLinks = Fixtures.nlink(src.path("usr/bin/tool"));
        long libLinks = Fixtures.nlink(src.path("usr/lib/libx.so"));
        assertTrue(Fixtures.stat(src.path("usr/bin/capped")).nlink() > 1, "capped is an object");

        // Reading a link's target may move its access time (relatime: when older than its change time), and
        // nothing can read it without that; the first manifest does it once, so both trees are compared settled.
        Fixtures.manifest(src.root());
        SortedMap<String, String> before = Fixtures.manifest(src.root());
        assertTrue(before.get("/usr/bin/capped").contains("security.capability"), before.get("/usr/bin/capped"));
        assertTrue(before.get("/var/lib/acl-file").contains("system.posix_acl_access"));
        assertTrue(before.get("/var/lib/acldir").contains("system.posix_acl_default"));

        Path web2 = tmp.resolve("web2");
        CloneReport r;
        try (Store s = Store.openForWriting(store, "test")) {
            r = new Cloner(s, new Cloner.Options(Mode.AUTO, true, null)).clone(Fixtures.spec(src.root()), web2);
            assertTrue(s.registeredGuests().contains(web2), "status and verify know the new guest");
        }
        assertTrue(r.complete(), r.problems().toString());

        SortedMap<String, String> after = Fixtures.manifest(web2);
        SortedMap<String, String> expected = new java.util.TreeMap<>(before);
        expected.remove("/run/sock");
        String machineId = after.remove("/etc/machine-id");
        String hostname = after.remove("/etc/hostname");
        String oldMachineId = expected.remove("/etc/machine-id");
        String oldHostname = expected.remove("/etc/hostname");
        Fixtures.assertSameManifest(expected, after);
        Fixtures.assertSameManifest(before, Fixtures.manifest(src.root())); // the source is only read

        // the identity files keep owner, mode and times; only their content changed
        assertEquals(oldMachineId.replaceAll(" size=\\d+", " size=0").replaceAll(" content=\\w+", ""),
                machineId.replaceAll(" content=\\w+", ""));
        assertEquals(0, Files.size(web2.resolve("etc/machine-id")));
        assertEquals("web2\n", Files.readString(web2.resolve("etc/hostname")));
        assertEquals(oldHostname.replaceAll(" size=\\d+", "").replaceAll(" content=\\w+", ""),
                hostname.replaceAll(" size=\\d+", "").replaceAll(" content=\\w+", ""));

        // shared files are the store's objects
        assertEquals(Fixtures.ino(src.path("usr/bin/tool")), Fixtures.ino(web2.resolve("usr/bin/tool")));
        assertEquals(objectLinks + 1, Fixtures.nlink(src.path("usr/bin/tool")));
        assertEquals(Fixtures.ino(src.path("usr/lib/libx.so")), Fixtures.ino(web2.resolve("usr/lib/libx.so.1")));
        assertEquals(libLinks + 2, Fixtures.nlink(src.path("usr/lib/libx.so")));
        assertEquals(Fixtures.ino(src.path("usr/bin/capped")), Fixtures.ino(web2.resolve("usr/bin/capped")));
        // configuration files and excluded directories are private copies
        assertNotEquals(Fixtures.ino(src.path("usr/bin/tool")), Fixtures.ino(web2.resolve("etc/x.conf")));
        assertNotEquals(Fixtures.ino(src.path("usr/bin/tool")), Fixtures.ino(web2.resolve("var/cache/tool-copy")));
        assertEquals(1, Fixtures.nlink(web2.resolve("var/cache/tool-copy")));
        // guest-local hard-link groups are groups of new inodes
        assertEquals(Fixtures.ino(web2.resolve("var/lib/group-a")), Fixtures.ino(web2.resolve("var/lib/group-b")));
        assertNotEquals(Fixtures.ino(src.path("var/lib/group-a")), Fixtures.ino(web2.resolve("var/lib/group-a")));
        assertEquals(2, Fixtures.nlink(web2.resolve("usr/share/tiny-b")));

        assertEquals(5, r.linked(), "tool, libx.so twice, suid, capped");
        assertEquals(2, r.hardLinks(), "group-b and tiny-b");
        assertEquals(3, r.devices(), "a FIFO, a character and a block device");
        assertEquals(3, r.symlinks());
        assertTrue(Files.isSymbolicLink(web2.resolve("usr/bin/dangling")), "an absolute link stays a link");
        assertEquals(1, r.socketsSkipped());
        assertEquals(2, r.identity().size(), r.identity().toString());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("b", "src", "store", "web2"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary tree is left beside the clone");
        }
    }

    @Test
    void frozenObjectsAreLinkedAndStayFrozen() throws Exception {
        GuestTree src = other(tmp.resolve("src"));
        GuestTree b = other(tmp.resolve("b"));
        Fixtures.hashify(store, Mode.HARDLINK, src.root(), b.root());
        try (Store s = Store.openForWriting(store, "test")) {
            assertTrue(Freezer.freezeAll(s).clean());
            CloneReport r = new Cloner(s, new Cloner.Options(Mode.HARDLINK, false, null))
                    .clone(Fixtures.spec(src.root()), tmp.resolve("c"));
            assertTrue(r.complete(), r.problems().toString());
            assertEquals(2, r.linked());
        }
        assertEquals(Fixtures.ino(src.path("usr/bin/tool")), Fixtures.ino(tmp.resolve("c/usr/bin/tool")));
        assertTrue(Flags.frozen(tmp.resolve("c/usr/bin/tool")), "the object is frozen again");
        assertTrue(Flags.frozen(tmp.resolve("c/usr/lib/libx.so")));
    }

    @Test
    void refusesANewRootThatExistsLiesInsideTheSourceOrCannotShareExtents() throws Exception {
        GuestTree src = other(tmp.resolve("src"));
        Fixtures.hashify(store, Mode.HARDLINK, src.root());
        Files.createDirectory(tmp.resolve("taken"));
        try (Store s = Store.openForWriting(store, "test")) {
            Cloner auto = new Cloner(s, new Cloner.Options(Mode.AUTO, false, null));
            CloneException exists = assertThrows(CloneException.class,
                    () -> auto.clone(Fixtures.spec(src.root()), tmp.resolve("taken")));
            assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
            CloneException inside = assertThrows(CloneException.class,
                    () -> auto.clone(Fixtures.spec(src.root()), src.path("usr/new")));
            assertTrue(inside.getMessage().contains("inside the source"), inside.getMessage());
            assertThrows(CloneException.class, () -> auto.clone(Fixtures.spec(src.root()), tmp.resolve("no/such/dir")));
            Cloner reset = new Cloner(s, new Cloner.Options(Mode.AUTO, true, null));
            CloneException badName = assertThrows(CloneException.class,
                    () -> reset.clone(Fixtures.spec(src.root()), tmp.resolve("not_a_hostname")));
            assertTrue(badName.getMessage().contains("--hostname"), badName.getMessage());
            boolean ext4 = Files.getFileStore(tmp).type().startsWith("ext");
            if (ext4) {
                Cloner dedupe = new Cloner(s, new Cloner.Options(Mode.DEDUPE, false, null));
                CloneException noReflink = assertThrows(CloneException.class,
                        () -> dedupe.clone(Fixtures.spec(src.root()), tmp.resolve("d")));
                assertTrue(noReflink.getMessage().contains("FICLONE"), noReflink.getMessage());
            }
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("src", "store", "taken"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "a refused clone leaves nothing behind");
        }
        assertThrows(IllegalArgumentException.class, () -> new Cloner.Options(Mode.AUTO, true, "bad_name"));
    }

    @Test
    void refusesANewRootOnAnotherFilesystem() throws Exception {
        GuestTree src = other(tmp.resolve("src"));
        Fixtures.hashify(store, Mode.HARDLINK, src.root());
        try (LoopMount other = LoopMount.create(tmp.resolve("img"), "ext2", 8);
                Store s = Store.openForWriting(store, "test")) {
            CloneException e = assertThrows(CloneException.class, () -> new Cloner(s,
                    new Cloner.Options(Mode.AUTO, false, null)).clone(Fixtures.spec(src.root()), other.root().resolve("g")));
            assertTrue(e.getMessage().contains("another filesystem than the store"), e.getMessage());
            assertFalse(Files.exists(other.root().resolve("g")));
        }
    }

    /** On XFS with reflink: own files cloned with FICLONE; dedupe mode clones everything; dedupe records follow. */
    @Test
    void onAReflinkFilesystemOwnFilesAreClonedNotCopied() throws Exception {
        Files.createDirectories(tmp.resolve("img"));
        try (LoopMount xfs = LoopMount.create(tmp.resolve("img"), "xfs", 300, "-m", "reflink=1")) {
            Path fsRoot = xfs.root();
            GuestTree a = other(fsRoot.resolve("a")).file("etc/big.conf", GuestTree.random(11, 1 << 20));
            GuestTree b = other(fsRoot.resolve("b"));
            Path hardStore = fsRoot.resolve("store");
            Fixtures.hashify(hardStore, Mode.HARDLINK, a.root(), b.root());
            SortedMap<String, String> manifest = Fixtures.manifest(a.root());
            try (Store s = Store.openForWriting(hardStore, "test")) {
                CloneReport auto = new Cloner(s, new Cloner.Options(Mode.AUTO, false, null))
                        .clone(Fixtures.spec(a.root()), fsRoot.resolve("auto"));
                assertTrue(auto.complete(), auto.problems().toString());
                assertTrue(auto.reflink());
                assertEquals(2, auto.linked());
                assertEquals(1, auto.cloned(), "etc/big.conf shares the source's extents");
                assertEquals(0, auto.copied());
                CloneReport dedupe = new Cloner(s, new Cloner.Options(Mode.DEDUPE, false, null))
                        .clone(Fixtures.spec(a.root()), fsRoot.resolve("dedupe"));
                assertEquals(0, dedupe.linked(), "dedupe mode: every file keeps its own inode");
                assertEquals(3, dedupe.cloned());
                assertNotEquals(Fixtures.ino(a.path("usr/bin/tool")), Fixtures.ino(fsRoot.resolve("dedupe/usr/bin/tool")));
            }
            Fixtures.assertSameManifest(manifest, Fixtures.manifest(fsRoot.resolve("auto")));
            Fixtures.assertSameManifest(manifest, Fixtures.manifest(fsRoot.resolve("dedupe")));

            // a store in dedupe mode: the clone's files share the objects' extents and are recorded as doing so
            GuestTree c = other(fsRoot.resolve("c"));
            GuestTree d = other(fsRoot.resolve("d"));
            Path dedupeStore = fsRoot.resolve("store2");
            Fixtures.hashify(dedupeStore, Mode.DEDUPE, c.root(), d.root());
            try (Store s = Store.openForWriting(dedupeStore, "test")) {
                int sourceRefs = DedupeRefs.read(s, c.root()).size();
                assertTrue(sourceRefs > 0);
                CloneReport r = new Cloner(s, new Cloner.Options(Mode.AUTO, false, null))
                        .clone(Fixtures.spec(c.root()), fsRoot.resolve("e"));
                assertEquals(2, r.cloned());
                assertEquals(sourceRefs, DedupeRefs.read(s, fsRoot.resolve("e")).size());
            }
        }
    }
}
