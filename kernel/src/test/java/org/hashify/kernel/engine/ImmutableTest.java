package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hashify.kernel.store.ObjectRef;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.testing.Flags;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.walk.ExcludeList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hardlink mode with immutable objects: frozen after linking, thawed only for a link, and every guarantee kept. */
class ImmutableTest {
    @TempDir
    Path tmp;

    private final byte[] shared = GuestTree.random(1, 8000);
    private Path store;

    @BeforeEach
    void needsRoot() {
        assumeTrue(GuestTree.isRoot(), "setting the immutable flag needs CAP_LINUX_IMMUTABLE (root)");
        store = tmp.resolve("store");
    }

    @AfterEach
    void thawEverything() throws Exception {
        Flags.clearAll(tmp); // JUnit cannot delete a frozen file
    }

    private GuestTree guest(String name) throws Exception {
        return GuestTree.at(tmp.resolve(name)).file("usr/bin/shared", shared)
                .file("usr/bin/own-" + name, GuestTree.random(name.hashCode(), 3000));
    }

    private RunReport run(boolean immutable, Path... guests) throws Exception {
        List<GuestSpec> specs = new ArrayList<>();
        for (Path g : guests) {
            specs.add(new GuestSpec(g.getFileName().toString(), g, ExcludeList.builtIn()));
        }
        try (Store s = Store.openForWriting(store, "test")) {
            return new Hashifier(s, Runs.DEFAULT, Hashifier.Progress.NONE).immutable(immutable).run(specs);
        }
    }

    private List<Path> objects() throws Exception {
        try (var files = Files.walk(store.resolve("objects"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void anInPlaceWriteIntoASharedFileFailsAndEveryGuestStillSeesItsContent() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        RunReport r = run(true, a.root(), b.root());
        assertFalse(r.hasFailures(), r.problems().toString());
        assertTrue(r.immutable());
        assertEquals(Runs.ino(a.path("usr/bin/shared")), Runs.ino(b.path("usr/bin/shared")));
        assertEquals(3, objects().size());
        for (Path o : objects()) {
            assertTrue(Flags.frozen(o), o + " is frozen");
        }
        assertTrue(Files.exists(store.resolve("immutable")), "the store is in immutable use");

        FileSystemException write = assertThrows(FileSystemException.class,
                () -> Files.write(b.path("usr/bin/shared"), new byte[] {1, 2, 3}, StandardOpenOption.WRITE));
        assertTrue(write.getMessage().contains("Operation not permitted"), write.getMessage());
        assertThrows(FileSystemException.class, () -> Files.delete(b.path("usr/bin/shared")), "no unlink either");
        Path replacement = Files.write(b.path("usr/bin/shared.new"), new byte[] {9});
        assertThrows(FileSystemException.class, () -> Files.move(replacement, b.path("usr/bin/shared"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE),
                "no rename-over either");
        assertArrayEquals(shared, Files.readAllBytes(a.path("usr/bin/shared")));
        assertArrayEquals(shared, Files.readAllBytes(b.path("usr/bin/shared")));
    }

    @Test
    void aNewGuestJoiningLaterIsLinkedToTheFrozenObjects() throws Exception {
        GuestTree a = guest("a");
        run(true, a.root());
        Path object = objects().stream().filter(o -> {
            try {
                return Runs.ino(o) == Runs.ino(a.path("usr/bin/shared"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).findFirst().orElseThrow();
        assertTrue(Flags.frozen(object));

        GuestTree c = guest("c");
        RunReport r = run(false, c.root()); // the store remembers it is in immutable use
        assertFalse(r.hasFailures(), r.problems().toString());
        assertTrue(r.immutable());
        assertEquals(1, Runs.guest(r, "c").unified);
        assertEquals(Runs.ino(object), Runs.ino(c.path("usr/bin/shared")), "linked to the frozen object");
        assertEquals(3, Runs.nlink(object));
        assertTrue(Flags.frozen(object), "frozen again after the link");
        assertTrue(Flags.frozen(c.path("usr/bin/own-c")), "a new object is frozen too");
        assertEquals(0, r.refrozen(), "nothing was left thawed");
    }

    @Test
    void aFrozenObjectInAStoreNotInImmutableUseIsThawedForTheLinkAndFrozenAgain() throws Exception {
        GuestTree a = guest("a");
        run(false, a.root());
        Flags.chattr("+i", a.path("usr/bin/shared").toString());
        GuestTree b = guest("b");
        RunReport r = run(false, b.root());
        assertFalse(r.hasFailures(), r.problems().toString());
        assertFalse(r.immutable());
        assertEquals(Runs.ino(a.path("usr/bin/shared")), Runs.ino(b.path("usr/bin/shared")));
        assertTrue(Flags.frozen(a.path("usr/bin/shared")), "its flag is as it was");
        assertFalse(Flags.frozen(b.path("usr/bin/own-b")), "a store not in immutable use freezes nothing new");
    }

    @Test
    void anObjectLeftThawedByACrashIsFrozenByTheNextRun() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        run(true, a.root(), b.root());
        // kill -9 between thaw and freeze: the object is thawed and a temporary link may be left in a guest
        Flags.chattr("-i", a.path("usr/bin/shared").toString());
        Files.createLink(a.path("usr/bin/.hashify-0123456789abcdef.tmp"), a.path("usr/bin/shared"));
        RunReport r = run(false, a.root(), b.root());
        assertFalse(r.hasFailures(), r.problems().toString());
        assertEquals(1, r.refrozen());
        assertEquals(1, Runs.guest(r, "a").leftoversRemoved);
        assertFalse(Files.exists(a.path("usr/bin/.hashify-0123456789abcdef.tmp")));
        for (Path o : objects()) {
            assertTrue(Flags.frozen(o), o + " is frozen");
        }
    }

    @Test
    void aLeftoverLinkToAFrozenObjectIsRemovedAndTheObjectStaysFrozen() throws Exception {
        GuestTree a = guest("a");
        run(true, a.root());
        Path temp = a.path("usr/bin/.hashify-0123456789abcdef.tmp");
        Flags.chattr("-i", a.path("usr/bin/shared").toString());
        Files.createLink(temp, a.path("usr/bin/shared"));
        Flags.chattr("+i", a.path("usr/bin/shared").toString()); // 'hashify freeze' ran before the next run
        RunReport r = run(false, a.root());
        assertFalse(r.hasFailures(), r.problems().toString());
        assertFalse(Files.exists(temp));
        assertTrue(Flags.frozen(a.path("usr/bin/shared")));
    }

    @Test
    void thawLetsAGuestWriteAndFreezeForbidsItAgain() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        run(true, a.root(), b.root());
        try (Store s = Store.openForWriting(store, "test")) {
            Set<ObjectRef> used = Freezer.objectsOf(s, s.index(), "b", b.root(), p -> { });
            assertEquals(2, used.size(), "its shared file and its own");
            Freezer.Result thawed = Freezer.thaw(s, used);
            assertEquals(new Freezer.Result(2, 0, List.of()), thawed);
        }
        Files.write(b.path("usr/bin/own-b"), new byte[] {7}, StandardOpenOption.APPEND);
        assertTrue(Flags.frozen(a.path("usr/bin/own-a")), "only b's objects were thawed");
        assertFalse(Flags.frozen(a.path("usr/bin/shared")), "and that is one file for every guest sharing it");
        try (Store s = Store.openForWriting(store, "test")) {
            Freezer.Result frozen = Freezer.freeze(s, Freezer.objectsOf(s, s.index(), "b", b.root(), p -> { }));
            assertEquals(2, frozen.changed() + frozen.unchanged());
        }
        assertThrows(FileSystemException.class,
                () -> Files.write(b.path("usr/bin/shared"), new byte[] {7}, StandardOpenOption.APPEND));
    }

    @Test
    void gcThawsAndRemovesFrozenGarbageAndFrozenLeftovers() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        run(true, a.root(), b.root());
        // a guest's own file goes away (thawed by pkg), then a run freezes the store again
        Flags.chattr("-i", a.path("usr/bin/own-a").toString());
        Files.delete(a.path("usr/bin/own-a"));
        Flags.chattr("-i", b.path("usr/bin/own-b").toString());
        Files.createLink(store.resolve("tmp/new-0123456789abcdef"), b.path("usr/bin/own-b")); // a killed adopt
        try (Store s = Store.openForWriting(store, "test")) {
            assertEquals(2, Freezer.freezeAll(s).changed(), "the garbage object and own-b's");
            GarbageCollector.Result r = GarbageCollector.collect(s, false);
            assertEquals(1, r.objectsRemoved(), r.problems().toString());
            assertEquals(1, r.leftoversRemoved(), r.problems().toString());
            assertEquals(List.of(), r.problems());
            assertEquals(2, s.listObjects().size());
        }
        assertTrue(Flags.frozen(b.path("usr/bin/own-b")), "the leftover's inode is an object: still frozen");
        assertTrue(Flags.frozen(b.path("usr/bin/shared")));
    }

    @Test
    void aFrozenGuestFileIsAdoptedByANewStoreAndKeepsItsFlag() throws Exception {
        GuestTree a = guest("a");
        Flags.chattr("+i", a.path("usr/bin/own-a").toString()); // frozen for an earlier store that is gone
        RunReport r = run(false, a.root());
        assertFalse(r.hasFailures(), r.problems().toString());
        assertEquals(2, Runs.guest(r, "a").newObjects);
        assertEquals(2, Runs.nlink(a.path("usr/bin/own-a")), "the frozen file became an object");
        assertTrue(Flags.frozen(a.path("usr/bin/own-a")), "and keeps its flag");
    }

    @Test
    void restoringFlagsFreezesEveryObjectAgain() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        run(true, a.root(), b.root());
        Flags.chattr("-R", "-i", store.resolve("objects").toString()); // as after a restore from a backup
        try (Store s = Store.openForWriting(store, "test")) {
            assertEquals(0, Freezer.countFrozen(s));
            Freezer.Result r = Freezer.freezeAll(s);
            assertEquals(new Freezer.Result(3, 0, List.of()), r);
            assertEquals(3, Freezer.countFrozen(s));
        }
    }
}
