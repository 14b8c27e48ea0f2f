package org.hashify.kernel.walk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.testing.GuestTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk record's racy-ctime rule, and its encoding read back exactly or refused whole. */
class WalkRecordCodecTest {
    @TempDir
    Path tmp;

    private final LinuxFs fs = LinuxFs.get();

    private WalkResult walk(Path root, long started) throws Exception {
        GuestWalker walker = new GuestWalker("g", ExcludeList.none(), 1, st -> false)
                .recording(null, ino -> false);
        int fd = fs.openDirectoryPath(root, "g");
        try {
            return walker.walk(fd, started);
        } finally {
            fs.close(fd);
        }
    }

    private static long ino(Path p) throws Exception {
        return (Long) Files.getAttribute(p, "unix:ino");
    }

    @Test
    void aDirectoryChangedWithinTheRacyMarginOfTheWalkIsNotRecorded() throws Exception {
        GuestTree g = GuestTree.at(tmp.resolve("g"));
        g.dir("old").dir("new").symlink("old/link", Path.of("/etc")).symlink("new/link", Path.of("/etc"));
        int fd = fs.openDirectoryPath(g.path("new"), "new");
        FileStat newStat;
        try {
            newStat = fs.fstat(fd, "new");
        } finally {
            fs.close(fd);
        }
        long newCtimeMillis = newStat.ctimeSec() * 1000 + newStat.ctimeNsec() / 1_000_000;
        // As if the walk began just after 'new' changed: 'new' is racy, the rest are not once they are older.
        WalkResult r = walk(g.root(), newCtimeMillis + WalkRecord.RACY_MILLIS / 2);
        assertNull(r.record().dir(ino(g.path("new"))), "changed too recently to be trusted");
        WalkResult later = walk(g.root(), newCtimeMillis + WalkRecord.RACY_MILLIS + 10);
        assertNotNull(later.record().dir(ino(g.path("new"))));
        assertNotNull(later.record().dir(ino(g.path("old"))));
    }

    @Test
    void aRecordReadsBackAsWrittenAndAnyDamageRefusesItWhole() throws Exception {
        GuestTree g = GuestTree.at(tmp.resolve("g"));
        g.dir("a/b/c").dir("a/d").symlink("a/b/c/l", Path.of("/")).symlink("a/d/l", Path.of("/"))
                .rawFile("a", new byte[] {'n', (byte) 0xff, 'x'}, new byte[0]);
        WalkResult r = walk(g.root(), System.currentTimeMillis() + 1000);
        WalkRecord record = r.record();
        assertEquals(4, record.size(), "/, a/b, a/b/c, a/d: nothing to unify in any");
        assertNull(record.dir(ino(g.path("a"))), "a holds an empty file, below the minimum size: it may grow");
        byte[] bytes = record.encode();
        WalkRecord back = WalkRecord.decode(bytes, GuestWalker.COUNTS);
        assertNotNull(back);
        assertArrayEquals(bytes, back.encode());
        assertNull(WalkRecord.decode(bytes, GuestWalker.COUNTS + 1), "another number of counts");

        for (int cut = 0; cut < bytes.length; cut += Math.max(1, bytes.length / 97)) {
            assertNull(WalkRecord.decode(java.util.Arrays.copyOf(bytes, cut), GuestWalker.COUNTS), "cut at " + cut);
        }
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertNull(WalkRecord.decode(longer, GuestWalker.COUNTS), "trailing bytes");
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] bad = bytes.clone();
            bad[15 + random.nextInt(bad.length - 15)] ^= (byte) (1 + random.nextInt(255));
            WalkRecord decoded = WalkRecord.decode(bad, GuestWalker.COUNTS); // never throws, never loops
            if (decoded != null) {
                decoded.encode();
            }
        }
    }
}
