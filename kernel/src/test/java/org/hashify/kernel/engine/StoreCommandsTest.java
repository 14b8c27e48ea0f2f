package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.store.StoreLockedException;
import org.hashify.kernel.testing.GuestTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gc, verify, status and the one-writer lock. */
class StoreCommandsTest {
    @TempDir
    Path tmp;

    private final byte[] shared = GuestTree.random(1, 8000);

    private GuestTree guest(String name) throws Exception {
        return GuestTree.at(tmp.resolve(name)).file("usr/bin/shared", shared)
                .file("usr/bin/own-" + name, GuestTree.random(name.hashCode(), 3000));
    }

    @Test
    void gcRemovesOnlyObjectsNoGuestLinksAndStoreLeftovers() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        Path store = tmp.resolve("store");
        Runs.run(store, Runs.DEFAULT, a.root(), b.root());
        Files.delete(a.path("usr/bin/own-a")); // its object is now garbage
        Files.writeString(store.resolve("tmp/new-0123456789abcdef"), "left by a killed run");
        try (Store s = Store.openForWriting(store, "test")) {
            assertEquals(3, s.listObjects().size());
            GarbageCollector.Result dry = GarbageCollector.collect(s, true);
            assertEquals(1, dry.objectsRemoved());
            assertEquals(3, s.listObjects().size(), "a dry gc removes nothing");
            GarbageCollector.Result r = GarbageCollector.collect(s, false);
            assertEquals(1, r.objectsRemoved());
            assertEquals(3000, r.bytesFreed());
            assertEquals(1, r.leftoversRemoved());
            assertEquals(2, s.listObjects().size());
            assertEquals(List.of(), s.leftovers());
        }
        assertEquals(3, Runs.nlink(a.path("usr/bin/shared")), "objects in use are kept");
    }

    /** A run killed between writing a record and renaming it into place leaves its temporary name. */
    @Test
    void gcRemovesRecordsKilledBeforeTheirRename() throws Exception {
        GuestTree a = guest("a");
        Path store = tmp.resolve("store");
        Runs.run(store, Runs.DEFAULT, a.root());
        List<Path> walks;
        try (var l = Files.list(store.resolve("walks"))) {
            walks = l.toList();
        }
        assertEquals(1, walks.size(), "the run kept a walk record");
        byte[] record = Files.readAllBytes(walks.get(0));
        Path walkTemp = store.resolve("walks/." + walks.get(0).getFileName() + ".tmp-99999");
        Files.write(walkTemp, record);
        Files.createDirectories(store.resolve("refs"));
        Path refsTemp = store.resolve("refs/.0123456789abcdef.tmp-4242");
        Files.writeString(refsTemp, "# half a record");
        try (Store s = Store.openForWriting(store, "test")) {
            assertEquals(List.of("refs/.0123456789abcdef.tmp-4242", "walks/" + walkTemp.getFileName()), s.leftovers());
            assertEquals(2, StoreStatus.of(s).leftovers().size(), "status counts them");
            assertEquals(2, GarbageCollector.collect(s, true).leftoversRemoved());
            assertTrue(Files.exists(walkTemp), "a dry gc removes nothing");
            assertEquals(2, GarbageCollector.collect(s, false).leftoversRemoved());
            assertEquals(List.of(), s.leftovers());
            assertThrows(IllegalArgumentException.class, () -> s.removeLeftover("walks/" + walks.get(0).getFileName()),
                    "a record in place is no leftover");
        }
        assertFalse(Files.exists(walkTemp) || Files.exists(refsTemp));
        assertTrue(java.util.Arrays.equals(record, Files.readAllBytes(walks.get(0))), "the walk record itself stays");
    }

    @Test
    void verifyFindsAnObjectSomeoneWroteIntoAndNamesItsGuestPaths() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        Path store = tmp.resolve("store");
        Runs.run(store, Runs.DEFAULT, a.root(), b.root());
        try (Store s = Store.openReadOnly(store, false)) {
            assertTrue(Verifier.verify(s, 2).clean());
        }
        // a guest writes into its shared file in place, keeping size and mtime: only the bytes tell
        byte[] tampered = shared.clone();
        tampered[10] ^= 1;
        var mtime = Files.getLastModifiedTime(b.path("usr/bin/shared"));
        Files.write(b.path("usr/bin/shared"), tampered);
        Files.setLastModifiedTime(b.path("usr/bin/shared"), mtime);
        try (Store s = Store.openReadOnly(store, false)) {
            Verifier.Result r = Verifier.verify(s, 2);
            assertFalse(r.clean());
            assertEquals(1, r.bad().size());
            assertEquals(List.of(a.path("usr/bin/shared").toString(), b.path("usr/bin/shared").toString()),
                    r.bad().get(0).guestPaths().stream().sorted().toList());
        }
    }

    @Test
    void aTamperedObjectIsNotLinkedToNewFiles() throws Exception {
        GuestTree a = guest("a");
        Path store = tmp.resolve("store");
        Runs.run(store, Runs.DEFAULT, a.root());
        Files.setAttribute(a.path("usr/bin/shared"), "unix:mode", 0600); // metadata of the object changes
        GuestTree b = guest("b");
        RunReport r = Runs.run(store, Runs.DEFAULT, b.root());
        assertEquals(1, Runs.nlink(b.path("usr/bin/shared")) - 1, "b's file became a new twin object, not a link to a's");
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("no longer matches its name")), r.problems().toString());
        assertEquals(0600, (Integer) Files.getAttribute(a.path("usr/bin/shared"), "unix:mode") & 07777);
        assertEquals(0644, (Integer) Files.getAttribute(b.path("usr/bin/shared"), "unix:mode") & 07777);
    }

    @Test
    void statusCountsSharedAndOwnBytes() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        b.file("var/log/private", GuestTree.random(3, 500));
        Path store = tmp.resolve("store");
        Runs.run(store, Runs.DEFAULT, a.root(), b.root());
        try (Store s = Store.openReadOnly(store, false)) {
            StoreStatus st = StoreStatus.of(s);
            assertEquals(3, st.objects());
            assertEquals(8000 + 3000 + 3000, st.storeBytes());
            assertEquals(8000, st.savedBytes(), "one copy of the shared file is saved");
            StoreStatus.GuestUsage gb = st.guests().stream().filter(g -> g.root().endsWith("/b")).findFirst().orElseThrow();
            assertEquals(2, gb.sharedFiles());
            assertEquals(11000, gb.sharedBytes());
            assertEquals(500, gb.ownBytes());
        }
    }

    @Test
    void aSecondWriterIsRefusedAndToldWhoHoldsTheLock() throws Exception {
        Path store = tmp.resolve("store");
        try (Store first = Store.openForWriting(store, "hashify run /vservers/a")) {
            assertTrue(first.exists());
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> Store.openForWriting(store, "second"));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("hashify run /vservers/a"), e.getMessage());
            assertThrows(StoreLockedException.class, () -> Store.openReadOnly(store, true), "a dry run waits for no writer");
        }
        try (Store again = Store.openForWriting(store, "third")) {
            assertTrue(again.exists(), "the lock is free once the holder closed the store");
        }
    }

    @Test
    void aGuestOnAnotherFilesystemThanTheStoreIsRefusedNamingBoth() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm)
                && !Files.getFileStore(shm).equals(Files.getFileStore(tmp)), "needs /dev/shm on another filesystem");
        Path store = Files.createTempDirectory(shm, "hashify-store-");
        try {
            GuestTree a = guest("a");
            RunReport r = Runs.run(store.resolve("s"), Runs.DEFAULT, a.root());
            assertTrue(r.hasFailures());
            String why = Runs.guest(r, "a").failure;
            assertTrue(why.contains(a.root().toString()) && why.contains(store.resolve("s").toString()), why);
            assertEquals(1, Runs.nlink(a.path("usr/bin/shared")));
        } finally {
            try (var s = Files.walk(store)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
