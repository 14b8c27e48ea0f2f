package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.TreeSnapshot;
import org.hashify.kernel.walk.ExcludeList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md Semantics 2 to 5: eligibility, atomic replacement, race safety, confinement. */
class SafetyTest {
    @TempDir
    Path tmp;

    @Test
    void readersNeverSeeAMissingOrPartialFile() throws Exception {
        Map<Path, byte[]> expected = new HashMap<>();
        List<Path> guests = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            GuestTree g = GuestTree.at(tmp.resolve(name));
            for (int i = 0; i < 150; i++) {
                byte[] content = GuestTree.random(i, 2000 + i * 50);
                g.file("usr/lib/f" + i, content);
                expected.put(g.path("usr/lib/f" + i), content);
            }
            guests.add(g.root());
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!stop.get() && failure.get() == null) {
                for (Map.Entry<Path, byte[]> e : expected.entrySet()) {
                    try {
                        byte[] now = Files.readAllBytes(e.getKey());
                        reads.incrementAndGet();
                        if (!java.util.Arrays.equals(now, e.getValue())) {
                            failure.set(e.getKey() + " had " + now.length + " bytes of other content");
                        }
                    } catch (java.io.IOException ex) {
                        failure.set(e.getKey() + ": " + ex);
                    }
                }
            }
        });
        reader.start();
        try {
            RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, guests.toArray(Path[]::new));
            assertEquals(300, r.total(g -> g.unified), "two of the three guests' files were replaced by links");
        } finally {
            stop.set(true);
            reader.join();
        }
        assertEquals(null, failure.get());
        assertTrue(reads.get() > expected.size(), "the reader read during the run");
    }

    @Test
    void fileWrittenBetweenHashAndLinkIsNotSharedAndKeepsItsNewContent() throws Exception {
        byte[] data = GuestTree.random(3, 10_000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/f", data);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/f", data);
        byte[] written = "written by the guest while hashify was working".getBytes(StandardCharsets.UTF_8);
        RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, ExcludeList.builtIn(), unit -> {
            if (unit.leader().dir().path().equals("/usr") && unit.leader().stat().ino() == inoOf(b.path("usr/f"))) {
                try {
                    Files.write(b.path("usr/f"), written); // same inode, in place
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, a.root(), b.root());
        assertArrayEquals(written, Files.readAllBytes(b.path("usr/f")));
        assertNotEquals(Runs.ino(a.path("usr/f")), Runs.ino(b.path("usr/f")));
        assertEquals(1L, Runs.guest(r, "b").skipped.get(SkipReason.CHANGED));
        assertEquals(1, Runs.nlink(b.path("usr/f")), "the changed file was not linked anywhere");
    }

    @Test
    void fileWrittenBetweenHashAndAdoptionNeverBecomesAnObject() throws Exception {
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/f", GuestTree.random(4, 9000));
        byte[] written = GuestTree.random(5, 9000);
        RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, ExcludeList.builtIn(), unit -> {
            try {
                Files.write(a.path("usr/f"), written);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, a.root());
        assertArrayEquals(written, Files.readAllBytes(a.path("usr/f")));
        assertEquals(1, Runs.nlink(a.path("usr/f")));
        assertEquals(0, Runs.guest(r, "a").newObjects);
    }

    @Test
    void fileReplacedByRenameBetweenHashAndLinkKeepsTheNewFile() throws Exception {
        byte[] data = GuestTree.random(6, 7000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/f", data);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/f", data);
        long original = Runs.ino(b.path("usr/f"));
        Runs.run(tmp.resolve("store"), Runs.DEFAULT, ExcludeList.builtIn(), unit -> {
            if (unit.leader().stat().ino() == original) {
                try {
                    Path fresh = b.path("usr/f.new");
                    Files.writeString(fresh, "new version");
                    Files.move(fresh, b.path("usr/f"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, a.root(), b.root());
        assertEquals("new version", Files.readString(b.path("usr/f")));
    }

    private static long inoOf(Path p) {
        try {
            return Runs.ino(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void symlinksToOutsideFilesAndDirectoriesAreNeverFollowed() throws Exception {
        byte[] secret = GuestTree.random(7, 4096);
        Path outside = Files.createDirectories(tmp.resolve("host"));
        Files.write(outside.resolve("shadow"), secret);
        Files.setLastModifiedTime(outside.resolve("shadow"), GuestTree.MTIME);
        var hostBefore = TreeSnapshot.of(outside);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/shadow", secret)
                .symlink("usr/evil", outside.resolve("shadow"))
                .symlink("usr/evildir", outside);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/shadow", secret)
                .symlink("usr/lib", outside);
        RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, a.root(), b.root());
        assertEquals(false, r.hasFailures(), r.problems().toString());
        assertEquals(hostBefore, TreeSnapshot.of(outside), "the host directory is untouched, link count included");
        assertEquals(1, Runs.nlink(outside.resolve("shadow")));
        assertTrue(Files.isSymbolicLink(a.path("usr/evil")));
        assertTrue(Files.isSymbolicLink(b.path("usr/lib")));
        assertEquals(Runs.ino(a.path("usr/shadow")), Runs.ino(b.path("usr/shadow")), "the guests' own copies are shared");
    }

    @Test
    void namesThatAreNotUtf8AreHandled() throws Exception {
        byte[] data = GuestTree.random(8, 3000);
        byte[] name = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '\n', 'x'};
        GuestTree a = GuestTree.at(tmp.resolve("a"));
        GuestTree b = GuestTree.at(tmp.resolve("b"));
        Path pa = a.rawFile("usr/share", name, data);
        Path pb = b.rawFile("usr/share", name, data);
        RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, a.root(), b.root());
        assertEquals(false, r.hasFailures(), r.problems().toString());
        assertEquals(Runs.ino(pa), Runs.ino(pb));
        assertArrayEquals(data, Files.readAllBytes(pb));
    }

    @Test
    void guestLocalHardLinkGroupsStayGroups() throws Exception {
        byte[] data = GuestTree.random(9, 6000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/bin/gzip", data);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/bin/gzip", data)
                .hardLink("usr/bin/gunzip", "usr/bin/gzip").hardLink("usr/sbin/zcat", "usr/bin/gzip");
        RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, a.root(), b.root());
        assertEquals(false, r.hasFailures());
        long obj = Runs.ino(a.path("usr/bin/gzip"));
        assertEquals(obj, Runs.ino(b.path("usr/bin/gzip")));
        assertEquals(obj, Runs.ino(b.path("usr/bin/gunzip")));
        assertEquals(obj, Runs.ino(b.path("usr/sbin/zcat")));
        assertEquals(5, Runs.nlink(a.path("usr/bin/gzip")), "store + a + three names in b");
    }

    @Test
    void hardLinkGroupReachingOutsideTheWalkIsLeftAlone() throws Exception {
        byte[] data = GuestTree.random(10, 6000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/bin/tool", data);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/bin/tool", data)
                .hardLink("var/lib/copy", "usr/bin/tool"); // /var is excluded, so the walk sees one of two names
        long before = Runs.ino(b.path("usr/bin/tool"));
        RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, a.root(), b.root());
        assertEquals(before, Runs.ino(b.path("usr/bin/tool")));
        assertEquals(before, Runs.ino(b.path("var/lib/copy")));
        assertEquals(1L, Runs.guest(r, "b").skipped.get(SkipReason.PARTIAL_GROUP));
    }

    @Test
    void excludedPathsAndSmallFilesAreLeftAlone() throws Exception {
        byte[] data = GuestTree.random(11, 4000);
        GuestTree[] g = new GuestTree[2];
        for (int i = 0; i < 2; i++) {
            g[i] = GuestTree.at(tmp.resolve("g" + i)).file("etc/passwd", data).file("etc/termcap", data)
                    .file("var/lib/x", data).file("usr/small", "tiny").file("usr/ok", data)
                    .file("usr/share/ls-R", data).file("root/.bashrc", data);
        }
        RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, g[0].root(), g[1].root());
        assertEquals(false, r.hasFailures());
        for (String excluded : List.of("etc/passwd", "var/lib/x", "usr/small", "usr/share/ls-R", "root/.bashrc")) {
            assertNotEquals(Runs.ino(g[0].path(excluded)), Runs.ino(g[1].path(excluded)), excluded);
            assertEquals(1, Runs.nlink(g[0].path(excluded)), excluded);
        }
        assertEquals(Runs.ino(g[0].path("usr/ok")), Runs.ino(g[1].path("usr/ok")));
        assertEquals(Runs.ino(g[0].path("etc/termcap")), Runs.ino(g[1].path("etc/termcap")), "re-included by +/etc/termcap");
        assertEquals(2, Runs.guest(r, "g1").tooSmall + Runs.guest(r, "g0").tooSmall);
    }

    @Test
    void customExcludeListReplacesTheBuiltInOne() throws Exception {
        byte[] data = GuestTree.random(12, 4000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("etc/passwd", data).file("opt/app/x", data);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("etc/passwd", data).file("opt/app/x", data);
        Path list = tmp.resolve("exclude");
        Files.writeString(list, "# only /opt is private here\n/opt\n");
        Runs.run(tmp.resolve("store"), Runs.DEFAULT, ExcludeList.read(list), a.root(), b.root());
        assertEquals(Runs.ino(a.path("etc/passwd")), Runs.ino(b.path("etc/passwd")));
        assertNotEquals(Runs.ino(a.path("opt/app/x")), Runs.ino(b.path("opt/app/x")));
    }

    @Test
    void directoryModificationTimesArePutBack() throws Exception {
        byte[] data = GuestTree.random(13, 4000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/f", data);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/f", data);
        var dirTime = java.nio.file.attribute.FileTime.fromMillis(1_500_000_000_000L);
        Files.setLastModifiedTime(b.path("usr"), dirTime);
        Runs.run(tmp.resolve("store"), Runs.DEFAULT, a.root(), b.root());
        assertEquals(Runs.ino(a.path("usr/f")), Runs.ino(b.path("usr/f")));
        assertEquals(dirTime, Files.getLastModifiedTime(b.path("usr"), LinkOption.NOFOLLOW_LINKS));
        try (var names = Files.list(b.path("usr"))) {
            assertEquals(List.of(b.path("usr/f")), names.toList(), "no temporary name is left behind");
        }
    }

    @Test
    void devicesFifosAndSocketsAreLeftAlone() throws Exception {
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/f", GuestTree.random(14, 3000));
        Path fifo = a.path("usr/fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, a.root());
        assertEquals(false, r.hasFailures());
        assertEquals(1, Runs.guest(r, "a").notRegular);
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther());
    }
}
