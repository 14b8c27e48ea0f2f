package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.store.StoreException;
import org.hashify.kernel.testing.Flags;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store of format 1 (objects/ab/cd/) is moved to format 2 (objects/ab/) by the first writer, losing nothing. */
class StoreFormatUpgradeTest {
    @TempDir
    Path tmp;

    private static List<Path> objectFiles(Path store) throws Exception {
        try (Stream<Path> s = Files.walk(store.resolve("objects"))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Puts every object two levels deep and writes FORMAT 1, as hashify 0.1 left its stores. */
    private static void downgrade(Path store) throws Exception {
        for (Path o : objectFiles(store)) {
            String name = o.getFileName().toString();
            Path deep = o.getParent().resolve(name.substring(2, 4)).resolve(name);
            Files.createDirectories(deep.getParent());
            Files.move(o, deep);
        }
        Files.writeString(store.resolve("FORMAT"), "hashify-store 1\n");
    }

    @Test
    void theFirstWriterMovesObjectsUpAndEveryGuestLinkStaysShared() throws Exception {
        byte[] data = GuestTree.random(1, 9000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/f", data).file("usr/g", GuestTree.random(2, 5000));
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/f", data);
        Path store = tmp.resolve("store");
        Runs.run(store, Runs.DEFAULT, a.root(), b.root());
        List<Path> before = objectFiles(store);
        assertEquals(2, before.size());
        downgrade(store);
        // a rename moves the object's ctime; content, metadata and inodes stay
        var guests = new ArrayList<>(List.of(TreeSnapshot.contentOf(a.root()), TreeSnapshot.contentOf(b.root())));
        long shared = Runs.ino(a.path("usr/f"));

        StoreException e = assertThrows(StoreException.class, () -> Store.openReadOnly(store, false));
        assertTrue(e.getMessage().contains("hashify gc"), e.getMessage());

        RunReport r = Runs.run(store, Runs.DEFAULT, a.root(), b.root());
        assertEquals(before, objectFiles(store), "objects back at objects/ab/NAME");
        assertEquals("hashify-store 2\n", Files.readString(store.resolve("FORMAT")));
        assertEquals(0, Runs.guest(r, "a").newObjects + Runs.guest(r, "b").newObjects, "the moved objects were found");
        assertEquals(3, Runs.guest(r, "a").alreadyUnified + Runs.guest(r, "b").alreadyUnified);
        TreeSnapshot.assertSame(guests.get(0), TreeSnapshot.contentOf(a.root()));
        TreeSnapshot.assertSame(guests.get(1), TreeSnapshot.contentOf(b.root()));
        assertEquals(shared, Runs.ino(a.path("usr/f")));
        assertEquals(shared, Runs.ino(b.path("usr/f")));
        assertEquals(3, Runs.nlink(a.path("usr/f")), "two guests and the object");
        try (Stream<Path> s = Files.list(store.resolve("objects"))) {
            assertTrue(s.allMatch(d -> d.getFileName().toString().length() == 2 && Files.isDirectory(d)));
        }
        try (Store s = Store.openReadOnly(store, false)) {
            assertEquals(2, s.listObjects().size());
        }
    }

    @Test
    void aFrozenObjectIsMovedAndStaysFrozen() throws Exception {
        assumeTrue(GuestTree.isRoot(), "FS_IMMUTABLE_FL needs root");
        byte[] data = GuestTree.random(3, 7000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/f", data);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/f", data);
        Path store = tmp.resolve("store");
        Runs.run(store, Runs.DEFAULT, a.root(), b.root());
        List<Path> before = objectFiles(store);
        downgrade(store);
        Path deep = objectFiles(store).get(0);
        Flags.chattr("+i", deep.toString());
        try {
            Runs.run(store, Runs.DEFAULT, a.root(), b.root());
            assertEquals(before, objectFiles(store));
            assertTrue(Flags.frozen(before.get(0)), "frozen again after the move");
            assertEquals(3, Runs.nlink(a.path("usr/f")));
        } finally {
            Flags.clearAll(tmp);
        }
    }
}
