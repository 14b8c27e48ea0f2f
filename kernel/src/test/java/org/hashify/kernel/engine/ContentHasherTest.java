package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.Sha256;
import org.hashify.kernel.testing.GuestTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hashify's SHA-256 (libcrypto's where it loads) agrees with the JDK's on real files of every size class. */
class ContentHasherTest {
    @TempDir
    Path tmp;

    @Test
    void digestsOfFilesEqualTheJdksAtBlockAndBufferBoundaries() throws Exception {
        int[] sizes = {0, 1, 55, 56, 63, 64, 65, 4095, 4096, 262_143, 262_144, 262_145, 3_000_017};
        ContentHasher hasher = new ContentHasher();
        for (int size : sizes) {
            byte[] content = GuestTree.random(size, size);
            Path f = Files.write(tmp.resolve("f" + size), content);
            int fd = LinuxFs.get().openDirectoryPath(tmp, "tmp");
            int file = LinuxFs.get().openForReading(fd, f.getFileName().toString().getBytes(), "f");
            try {
                byte[] ours = hasher.hash(file, size, "f" + size);
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(content), ours,
                        size + " bytes, by " + Sha256.implementation());
            } finally {
                LinuxFs.get().close(file);
                LinuxFs.get().close(fd);
            }
        }
    }

    @Test
    void aFileLongerOrShorterThanExpectedHasNoDigest() throws Exception {
        Path f = Files.write(tmp.resolve("f"), GuestTree.random(7, 1000));
        ContentHasher hasher = new ContentHasher();
        int fd = LinuxFs.get().openDirectoryPath(tmp, "tmp");
        try {
            for (long expected : new long[] {999, 1001}) {
                int file = LinuxFs.get().openForReading(fd, "f".getBytes(), "f");
                try {
                    assertNull(hasher.hash(file, expected, "f"), "expected " + expected + " of 1000 bytes");
                } finally {
                    LinuxFs.get().close(file);
                }
            }
        } finally {
            LinuxFs.get().close(fd);
        }
    }

    @Test
    void updatesInPiecesEqualOneDigestOfTheWhole() throws Exception {
        byte[] all = GuestTree.random(3, 100_000);
        try (Sha256 s = Sha256.start()) {
            for (int off = 0; off < all.length; off += 7919) {
                int n = Math.min(7919, all.length - off);
                s.update(java.util.Arrays.copyOfRange(all, off, off + n), n);
            }
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(all), s.finish());
        }
    }

    @Test
    void aLengthBeyondTheBufferIsRefusedBeforeAnyNativeRead() {
        try (Sha256 s = Sha256.start()) {
            org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> s.update(new byte[8], 9));
        }
    }
}
