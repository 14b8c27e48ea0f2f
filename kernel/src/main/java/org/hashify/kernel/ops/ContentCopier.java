package org.hashify.kernel.ops;

import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;

/**
 * Copies a file's bytes into a new file, keeping holes as holes. One per thread: it owns a buffer.
 *
 * <p>An ordinary copy lets the kernel do the work ({@code copy_file_range}), which on btrfs and XFS
 * may share extents instead of copying them; a {@link #privateCopy} never lets it, because a split
 * must end with bytes that no other file shares.
 */
final class ContentCopier {
    private static final int BUFFER = 256 * 1024;

    private final LinuxFs fs = LinuxFs.get();
    private final boolean privateCopy;
    private byte[] buffer;
    private boolean kernelCopy;

    private ContentCopier(boolean privateCopy) {
        this.privateCopy = privateCopy;
        this.kernelCopy = !privateCopy;
    }

    /** A copier that may let the filesystem share extents. */
    static ContentCopier ordinary() {
        return new ContentCopier(false);
    }

    /** A copier that writes every byte itself, so that the copy shares nothing. */
    static ContentCopier privateCopy() {
        return new ContentCopier(true);
    }

    boolean isPrivate() {
        return privateCopy;
    }

    /**
     * Copies {@code size} bytes of {@code srcFd} to the empty file {@code dstFd}.
     *
     * @return the data bytes copied (holes not counted); less than the data present when the
     *     source shrank meanwhile, which the caller finds by its stat
     */
    long copy(int srcFd, int dstFd, long size, String what) throws OsException {
        long copied = 0;
        long pos = 0;
        while (pos < size) {
            long data = fs.seekData(srcFd, pos, what);
            if (data < 0 || data >= size) {
                break;
            }
            long hole = Math.min(fs.seekHole(srcFd, data, what), size);
            long n = segment(srcFd, dstFd, data, hole - data, what);
            copied += n;
            if (n < hole - data) {
                break;
            }
            pos = hole;
        }
        fs.truncate(dstFd, size, what);
        return copied;
    }

    private long segment(int srcFd, int dstFd, long offset, long length, String what) throws OsException {
        if (kernelCopy) {
            try {
                long done = 0;
                while (done < length) {
                    long n = fs.copyRange(srcFd, offset + done, dstFd, offset + done, length - done, what);
                    if (n == 0) {
                        break;
                    }
                    done += n;
                }
                return done;
            } catch (OsException e) {
                int n = e.errno();
                if (n != Errno.EXDEV && n != Errno.EINVAL && n != Errno.ENOSYS && n != Errno.EOPNOTSUPP) {
                    throw e;
                }
                kernelCopy = false; // this kernel or filesystem cannot: the segment is copied through user space
            }
        }
        if (buffer == null) {
            buffer = new byte[BUFFER];
        }
        fs.seek(srcFd, offset, what);
        fs.seek(dstFd, offset, what);
        long done = 0;
        while (done < length) {
            int n = fs.read(srcFd, buffer, (int) Math.min(buffer.length, length - done), what);
            if (n == 0) {
                break;
            }
            fs.writeFully(dstFd, buffer, n, what);
            done += n;
        }
        return done;
    }
}
