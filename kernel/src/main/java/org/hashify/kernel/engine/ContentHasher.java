package org.hashify.kernel.engine;

import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.os.Sha256;

/** SHA-256 of an open file's content; one per thread, since it owns a buffer. */
public final class ContentHasher {
    private static final int BUFFER = 256 * 1024;
    private static final java.util.concurrent.atomic.AtomicLong CONTENT_READ = new java.util.concurrent.atomic.AtomicLong();

    private final LinuxFs fs = LinuxFs.get();
    private final byte[] buffer = new byte[BUFFER];

    /** File content bytes this process has hashed so far: the proof that a run read none. */
    public static long contentBytesRead() {
        return CONTENT_READ.get();
    }

    /**
     * Hashes from the current position to the end of the file.
     *
     * @return the digest, or null when the file held a different number of bytes than
     *     {@code expectedSize} (it changed while being read)
     */
    public byte[] hash(int fd, long expectedSize, String what) throws OsException {
        try (Sha256 digest = Sha256.start()) {
            long total = 0;
            while (true) {
                int n = fs.read(fd, buffer, buffer.length, what);
                if (n == 0) {
                    break;
                }
                digest.update(buffer, n);
                CONTENT_READ.addAndGet(n);
                total += n;
                if (total > expectedSize) {
                    return null;
                }
            }
            return total == expectedSize ? digest.finish() : null;
        }
    }
}
