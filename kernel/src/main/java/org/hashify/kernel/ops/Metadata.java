package org.hashify.kernel.ops;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;

/**
 * Gives a new entry everything a guest sees of an existing one besides its content: owner,
 * extended attributes (capabilities and ACLs included), permission bits and times.
 *
 * <p>The order matters: {@code chown} drops setuid, setgid and {@code security.capability}, so it
 * comes first; setting an ACL rewrites the group permission bits, which the mode then restores to
 * the source's (consistent with its ACL); times come last because every other change moves them.
 * A step that fails is reported and the rest still done.
 */
final class Metadata {
    /** Attributes the kernel assigns to every new file itself; they are never removed. */
    private static final String SELINUX = "security.selinux";

    private final LinuxFs fs = LinuxFs.get();

    /** Copies onto an open regular file or directory. */
    void copyToOpen(FileStat src, SortedMap<String, byte[]> xattrs, int dstFd, String what, List<String> problems) {
        try {
            fs.chown(dstFd, src.uid(), src.gid(), what);
        } catch (OsException e) {
            problems.add(e.getMessage() + "; the copy has another owner");
        }
        try {
            for (String stale : fs.xattrs(dstFd, what).keySet()) {
                if (!xattrs.containsKey(stale) && !stale.equals(SELINUX)) {
                    fs.removeXattr(dstFd, stale, what); // inherited default ACLs
                }
            }
        } catch (OsException e) {
            problems.add(e.getMessage() + "; the copy may carry extra attributes");
        }
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            try {
                fs.setXattr(dstFd, x.getKey(), x.getValue(), what);
            } catch (OsException e) {
                problems.add(e.getMessage() + "; attribute " + x.getKey() + " not copied");
            }
        }
        try {
            fs.chmod(dstFd, src.permissions(), what);
        } catch (OsException e) {
            problems.add(e.getMessage() + "; the copy has other permissions");
        }
        try {
            fs.setTimes(dstFd, src.atimeSec(), src.atimeNsec(), src.mtimeSec(), src.mtimeNsec(), what);
        } catch (OsException e) {
            problems.add(e.getMessage() + "; the copy has other times");
        }
    }

    /** Copies onto a directory entry that is not opened: a symbolic link, a device node, a FIFO. */
    void copyToEntry(FileStat src, SortedMap<String, byte[]> xattrs, int dstDirFd, byte[] name, String what,
            List<String> problems) {
        try {
            fs.chownNoFollow(dstDirFd, name, src.uid(), src.gid(), what);
        } catch (OsException e) {
            problems.add(e.getMessage() + "; the copy has another owner");
        }
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            try {
                fs.setXattrNoFollow(dstDirFd, name, x.getKey(), x.getValue(), what);
            } catch (OsException e) {
                problems.add(e.getMessage() + "; attribute " + x.getKey() + " not copied");
            }
        }
        if (!src.isSymlink()) {
            try {
                fs.chmodNoFollow(dstDirFd, name, src.permissions(), what);
            } catch (OsException e) {
                problems.add(e.getMessage() + "; the copy has other permissions");
            }
        }
        try {
            fs.setTimesNoFollow(dstDirFd, name, src.atimeSec(), src.atimeNsec(), src.mtimeSec(), src.mtimeNsec(), what);
        } catch (OsException e) {
            problems.add(e.getMessage() + "; the copy has other times");
        }
    }

    /** Whether an error means the whole operation cannot go on (full disk, read-only, I/O failure). */
    static boolean isFatal(OsException e) {
        int n = e.errno();
        return n == Errno.ENOSPC || n == Errno.EDQUOT || n == Errno.EROFS || n == Errno.EIO || n == Errno.EMFILE;
    }
}
