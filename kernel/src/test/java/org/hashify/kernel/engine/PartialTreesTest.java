package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.store.PartialTrees;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.TreeSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md Semantics 7 for clone: the half-built tree of a clone killed mid-way is recorded in the
 * store before it is made, and gc removes that tree and nothing else, whatever was swapped in on the
 * way to it meanwhile.
 */
class PartialTreesTest {
    private static final byte[] HIDDEN = ".new.hashify-clone-0123456789ab".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    private Path store;
    private Path guests;

    @BeforeEach
    void storeWithOneGuest() throws Exception {
        store = tmp.resolve("store");
        GuestTree a = GuestTree.at(tmp.resolve("guests/a")).file("usr/f", GuestTree.random(1, 6000));
        Runs.run(store, Runs.DEFAULT, a.root());
        guests = tmp.resolve("guests");
    }

    /** What Cloner does before its first entry: the record, then the hidden directory. */
    private String startBuilding(Path parent) throws Exception {
        LinuxFs fs = LinuxFs.get();
        try (Store s = Store.openForWriting(store, "test")) {
            int fd = fs.openDirectoryPath(parent, "parent");
            try {
                return PartialTrees.record(s, parent, fd, HIDDEN);
            } finally {
                fs.close(fd);
            }
        }
    }

    private Path hidden(Path parent) {
        return parent.resolve(new String(HIDDEN, StandardCharsets.US_ASCII));
    }

    private GarbageCollector.Result gc(boolean dryRun) throws Exception {
        try (Store s = dryRun ? Store.openReadOnly(store, false) : Store.openForWriting(store, "test")) {
            return GarbageCollector.collect(s, dryRun);
        }
    }

    private List<String> records() throws Exception {
        try (var s = Files.list(store.resolve("tmp"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void gcRemovesTheHalfBuiltTreeOfAKilledCloneAndItsRecord() throws Exception {
        String record = startBuilding(guests);
        Path partial = hidden(guests);
        GuestTree.at(partial).file("usr/f", GuestTree.random(1, 6000)).file("etc/x", "x\n").dir("var/empty");
        Files.createLink(partial.resolve("usr/g"), guests.resolve("a/usr/f")); // a linked object, as clone does
        // a read-only directory, as a copied /proc mount point or /usr/share/doc may be
        Files.setPosixFilePermissions(partial.resolve("usr"), PosixFilePermissions.fromString("r-xr-xr-x"));
        assertEquals(List.of(record), records());
        try (Store s = Store.openReadOnly(store, false)) {
            assertEquals(List.of(), s.leftovers(), "a record is not a temporary name to unlink blindly");
            assertTrue(StoreStatus.of(s).leftovers().contains("half-built clone " + partial), "status names it");
        }

        GarbageCollector.Result dry = gc(true);
        assertEquals(1, dry.partialTreesRemoved());
        assertTrue(Files.isDirectory(partial), "a dry run removes nothing");

        var guest = TreeSnapshot.contentOf(guests.resolve("a")); // the link count and ctime of usr/f change
        GarbageCollector.Result r = gc(false);
        assertEquals(1, r.partialTreesRemoved());
        assertEquals(List.of(), r.problems());
        assertFalse(Files.exists(partial));
        assertEquals(List.of(), records());
        TreeSnapshot.assertSame(guest, TreeSnapshot.contentOf(guests.resolve("a")));
        assertEquals(2, Runs.nlink(guests.resolve("a/usr/f")), "the object and the guest, not the partial tree's link");
    }

    @Test
    void aRecordWhoseTreeWasNeverMadeOrWasRenamedIntoPlaceIsDropped() throws Exception {
        startBuilding(guests);
        GarbageCollector.Result r = gc(false);
        assertEquals(0, r.partialTreesRemoved());
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(), records());
    }

    @Test
    void aParentSwappedForASymlinkOrAnotherDirectoryIsNotEntered() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("host/clones"));
        startBuilding(parent);
        // the recorded parent goes away; in its place a symlink to a directory holding the same hidden name
        Path elsewhere = Files.createDirectories(tmp.resolve("host/precious"));
        GuestTree.at(hidden(elsewhere)).file("data", "keep me\n");
        Files.move(parent, tmp.resolve("host/clones-old"));
        Files.createSymbolicLink(parent, elsewhere);
        var before = TreeSnapshot.of(elsewhere);
        GarbageCollector.Result r = gc(false);
        assertEquals(0, r.partialTreesRemoved());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("no longer the one recorded"), r.problems().get(0));
        TreeSnapshot.assertSame(before, TreeSnapshot.of(elsewhere));
        assertEquals(List.of(), records());

        // a new directory of the same name in its place
        Files.delete(parent);
        Files.move(tmp.resolve("host/clones-old"), parent);
        startBuilding(parent);
        Files.move(parent, tmp.resolve("host/clones-old"));
        Files.createDirectory(parent);
        GuestTree.at(hidden(parent)).file("data", "keep me too\n");
        var other = TreeSnapshot.of(parent);
        r = gc(false);
        assertEquals(0, r.partialTreesRemoved());
        TreeSnapshot.assertSame(other, TreeSnapshot.of(parent));

        // the very directory recorded, but reached through a symlinked component now
        Path other2 = Files.createDirectories(tmp.resolve("host2/clones"));
        startBuilding(other2);
        GuestTree.at(hidden(other2)).file("data", "and me\n");
        Files.move(tmp.resolve("host2"), tmp.resolve("host2-moved"));
        Files.createSymbolicLink(tmp.resolve("host2"), tmp.resolve("host2-moved"));
        var third = TreeSnapshot.of(tmp.resolve("host2-moved"));
        r = gc(false);
        assertEquals(0, r.partialTreesRemoved(), "a symlinked component on the way is not followed");
        TreeSnapshot.assertSame(third, TreeSnapshot.of(tmp.resolve("host2-moved")));
    }

    @Test
    void aHiddenNameSwappedForASymlinkIsNotFollowed() throws Exception {
        startBuilding(guests);
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("passwd"), "root:x:0:0\n");
        Files.createSymbolicLink(hidden(guests), host);
        var before = TreeSnapshot.of(host);
        GarbageCollector.Result r = gc(false);
        assertEquals(0, r.partialTreesRemoved());
        assertTrue(Files.isSymbolicLink(hidden(guests)), "not ours: left where it is");
        TreeSnapshot.assertSame(before, TreeSnapshot.of(host));
    }

    @Test
    void anUnreadableRecordIsReportedAndKept() throws Exception {
        String record = startBuilding(guests);
        Files.writeString(store.resolve("tmp").resolve(record), "garbage\n/\n");
        GuestTree.at(hidden(guests)).file("data", "x\n");
        GarbageCollector.Result r = gc(false);
        assertEquals(0, r.partialTreesRemoved());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains(record), r.problems().get(0));
        assertTrue(Files.isDirectory(hidden(guests)));
        assertEquals(List.of(record), records());
    }
}
