package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.TreeSnapshot;
import org.hashify.kernel.walk.ExcludeList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk record: a re-run skips the directories unchanged since the last run, and still finds
 * everything a full walk would: new and grown files, objects removed by hand, swapped directories,
 * mounts, another exclude list; a damaged record only costs the skipping.
 */
class WalkRecordTest {
    @TempDir
    Path tmp;

    private Path store;
    private Path a;
    private Path b;
    private ExcludeList excludes;

    @BeforeEach
    void guests() throws Exception {
        store = tmp.resolve("store");
        excludes = ExcludeList.none().withRulesFirst(List.of("/etc"), "test rules");
        for (String name : new String[] {"a", "b"}) {
            GuestTree g = GuestTree.at(tmp.resolve(name));
            for (int d = 0; d < 4; d++) {
                for (int f = 0; f < 5; f++) {
                    g.file("usr/lib/d" + d + "/sub/f" + f, GuestTree.random(d * 10 + f, 200 + f));
                }
            }
            g.file("usr/share/doc/own", GuestTree.random(name.hashCode(), 3000))
                    .file("etc/hostname", name + " is my name\n")
                    .file("usr/share/tiny", "8 bytes.")
                    .hardLink("usr/share/doc/alias", "usr/lib/d0/sub/f0")
                    .symlink("usr/share/doc/link", tmp.resolve("host"));
        }
        a = tmp.resolve("a");
        b = tmp.resolve("b");
        Files.createDirectories(tmp.resolve("host"));
        Files.write(tmp.resolve("host/secret"), GuestTree.random(2, 201)); // equal to a guest file
    }

    private RunReport run(ExcludeList list) throws Exception {
        return Runs.run(store, Runs.DEFAULT, list, a, b);
    }

    private RunReport run() throws Exception {
        return run(excludes);
    }

    /** Runs until the record covers what it can: changes made by a run are recorded once they are old enough. */
    private RunReport settled() throws Exception {
        run();
        Thread.sleep(120);
        run();
        Thread.sleep(120);
        return run();
    }

    private static List<Long> counts(GuestReport g) {
        return List.of(g.regularFiles, g.alreadyUnified, g.alreadyUnifiedBytes, g.excluded, g.configFiles, g.tooSmall,
                g.notRegular, g.otherFilesystem, g.prunedDirectories, g.directories, g.unified, g.newObjects);
    }

    private void dropRecords() throws Exception {
        try (Stream<Path> s = Files.list(store.resolve("walks"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aRerunFromTheRecordCountsWhatAFullWalkCounts() throws Exception {
        RunReport fromRecord = settled();
        GuestReport ga = Runs.guest(fromRecord, "a");
        assertTrue(ga.directoriesFromRecord > 0, "the re-run trusted recorded directories");
        assertTrue(ga.directoriesFromRecord < ga.directories,
                "the directory holding a file below the minimum size is never recorded");
        dropRecords();
        RunReport full = run();
        assertEquals(0, Runs.guest(full, "a").directoriesFromRecord);
        for (String g : new String[] {"a", "b"}) {
            assertEquals(counts(Runs.guest(full, g)), counts(Runs.guest(fromRecord, g)), "guest " + g);
        }
        assertEquals(0, Runs.guest(fromRecord, "a").bytesHashed);
    }

    @Test
    void aFileAddedToARecordedDirectoryIsUnified() throws Exception {
        settled();
        Path added = a.resolve("usr/lib/d2/sub/new");
        Files.write(added, GuestTree.random(31, 201)); // as b's usr/lib/d3/sub/f1
        Files.setLastModifiedTime(added, GuestTree.MTIME);
        assertSharedByTheNextRun(added, b.resolve("usr/lib/d3/sub/f1"));
    }

    /** The next run unifies exactly one file of a, {@code file}, with its twin in b. */
    private void assertSharedByTheNextRun(Path file, Path twin) throws Exception {
        RunReport r = run();
        assertEquals(1, Runs.guest(r, "a").unified);
        assertEquals(Runs.ino(twin), Runs.ino(file));
    }

    @Test
    void aSmallFileThatGrowsInPlaceIsUnifiedNextRun() throws Exception {
        settled();
        byte[] twin = Files.readAllBytes(b.resolve("usr/lib/d1/sub/f4"));
        Path tiny = a.resolve("usr/share/tiny");
        // In place: same inode, so the directory's ctime does not change.
        Files.write(tiny, twin, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Files.setLastModifiedTime(tiny, GuestTree.MTIME);
        assertSharedByTheNextRun(tiny, b.resolve("usr/lib/d1/sub/f4"));
    }

    @Test
    void aFileWhoseObjectWasRemovedByHandIsSharedAgain() throws Exception {
        settled();
        Path file = a.resolve("usr/share/doc/own");
        long ino = Runs.ino(file);
        Path object;
        try (Stream<Path> s = Files.walk(store.resolve("objects"))) {
            object = s.filter(p -> {
                try {
                    return Files.isRegularFile(p) && Runs.ino(p) == ino;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElseThrow();
        }
        Files.delete(object);
        RunReport r = run();
        assertEquals(1, Runs.guest(r, "a").newObjects, "its directory is listed again and the file becomes an object");
        assertEquals(2, Runs.nlink(file));
    }

    @Test
    void aRecordedDirectorySwappedForASymlinkToTheHostIsNotFollowed() throws Exception {
        settled();
        SortedMap<String, TreeSnapshot.Entry> host = TreeSnapshot.of(tmp.resolve("host"));
        Files.move(a.resolve("usr/lib/d1"), a.resolve("usr/d1-moved"));
        Files.createSymbolicLink(a.resolve("usr/lib/d1"), tmp.resolve("host"));
        RunReport r = run();
        TreeSnapshot.assertSame(host, TreeSnapshot.of(tmp.resolve("host")));
        assertEquals(1, Runs.nlink(tmp.resolve("host/secret")));
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        GuestReport ga = Runs.guest(r, "a");
        assertEquals(0, ga.unified, "the moved directory's files are still unified links");
        assertEquals(2, ga.notRegular, "two symlinks now");
    }

    @Test
    void aMountOnARecordedDirectoryIsNotEntered() throws Exception {
        assumeTrue(GuestTree.isRoot(), "mounting a tmpfs needs root");
        settled();
        Path mountPoint = a.resolve("usr/lib/d3");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", mountPoint.toString()).start();
        assumeTrue(mount.waitFor() == 0, "this machine cannot mount a tmpfs here");
        try {
            Files.write(mountPoint.resolve("f"), GuestTree.random(1, 201));
            RunReport r = run();
            GuestReport ga = Runs.guest(r, "a");
            assertEquals(1, ga.otherFilesystem);
            assertEquals(1, Runs.nlink(mountPoint.resolve("f")));
            assertEquals(0, ga.unified);
        } finally {
            new ProcessBuilder("umount", mountPoint.toString()).start().waitFor();
        }
        RunReport after = run();
        assertEquals(0, Runs.guest(after, "a").otherFilesystem, "unmounted: the directory is walked again");
    }

    @Test
    void aRecordMadeWithOtherExcludesIsNotUsed() throws Exception {
        ExcludeList lessShared = excludes.withRulesFirst(List.of("/usr/lib/d2"), "more test rules");
        run(lessShared);
        Thread.sleep(120);
        run(lessShared);
        RunReport r = run();
        assertEquals(0, Runs.guest(r, "a").directoriesFromRecord);
        assertEquals(5, Runs.guest(r, "a").newObjects, "a's five files in usr/lib/d2 become objects now");
        assertEquals(5, Runs.guest(r, "b").unified, "and b's share them");
        assertEquals(Runs.ino(a.resolve("usr/lib/d2/sub/f3")), Runs.ino(b.resolve("usr/lib/d2/sub/f3")));
    }

    @Test
    void aDamagedRecordIsIgnored() throws Exception {
        RunReport good = settled();
        try (Stream<Path> s = Files.list(store.resolve("walks"))) {
            List<Path> records = s.toList();
            assertEquals(2, records.size());
            byte[] whole = Files.readAllBytes(records.get(0));
            Files.write(records.get(0), java.util.Arrays.copyOf(whole, whole.length / 2));
            byte[] garbage = GuestTree.random(9, whole.length);
            System.arraycopy("hashify-walk 1\n".getBytes(), 0, garbage, 0, 15);
            Files.write(records.get(1), garbage);
        }
        RunReport r = run();
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        for (String g : new String[] {"a", "b"}) {
            assertEquals(0, Runs.guest(r, g).directoriesFromRecord);
            assertEquals(counts(Runs.guest(good, g)), counts(Runs.guest(r, g)));
        }
    }

    @Test
    void anUnchangedRecordIsNotWrittenAgainAndADryRunWritesNone() throws Exception {
        settled();
        Path record;
        try (Stream<Path> s = Files.list(store.resolve("walks"))) {
            record = s.findFirst().orElseThrow();
        }
        long ino = Runs.ino(record);
        run();
        assertEquals(ino, Runs.ino(record), "an unchanged record is not replaced");

        dropRecords();
        Runs.run(store, Runs.DRY, excludes, a, b);
        try (Stream<Path> s = Files.list(store.resolve("walks"))) {
            assertEquals(0, s.count(), "a dry run writes no record");
        }
        assertNotEquals(0, Runs.guest(run(), "a").directories);
    }
}
