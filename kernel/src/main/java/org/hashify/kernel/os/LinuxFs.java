package org.hashify.kernel.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import jnr.ffi.LibraryLoader;

/**
 * Directory-relative Linux calls that never follow a symbolic link.
 *
 * <p>Everything hashify does inside a guest goes through a directory file descriptor opened with
 * {@code O_NOFOLLOW}, one component at a time, so a guest that swaps a directory for a symlink
 * mid-run makes the call fail instead of reaching a host file. Names are raw bytes. Errors are
 * {@link OsException}s carrying the errno; {@code what} arguments name the object for messages.
 */
public final class LinuxFs {
    public static final int AT_FDCWD = -100;

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_NOATIME = 01000000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_TMPFILE = 020000000 | O_DIRECTORY;

    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;

    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private static final byte[] EMPTY = {0};
    private static final LinuxFs INSTANCE = new LinuxFs();

    private final LibC libc;
    private final jnr.ffi.Runtime runtime;
    // O_NOATIME keeps guests' access times untouched; it is refused (EPERM) for files we neither own nor may override.
    private volatile boolean noAtime = true;
    private final boolean emptyPathLink;

    private LinuxFs() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            throw new UnsupportedOperationException("hashify runs on Linux only, not on " + System.getProperty("os.name"));
        }
        libc = LibraryLoader.create(LibC.class).load("c");
        runtime = jnr.ffi.Runtime.getRuntime(libc);
        emptyPathLink = libc.geteuid() == 0;
    }

    public static LinuxFs get() {
        return INSTANCE;
    }

    private int errno() {
        return runtime.getLastError();
    }

    /** A NUL-terminated copy of a name, as C wants it. */
    private static byte[] c(byte[] name) {
        byte[] z = Arrays.copyOf(name, name.length + 1);
        return z;
    }

    private static byte[] c(String s) {
        return c(s.getBytes(StandardCharsets.UTF_8));
    }

    public int euid() {
        return libc.geteuid();
    }

    /** The soft RLIMIT_NOFILE of this process; 64 when it cannot be read. */
    public static long openFileLimit() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the conservative answer below
        }
        return 64;
    }

    /**
     * Opens a directory named by an absolute host path chosen by the administrator; only its last
     * component must not be a symbolic link.
     */
    public int openDirectoryPath(Path absolute, String what) throws OsException {
        byte[] bytes = PathBytes.of(absolute);
        return openDirectory(AT_FDCWD, bytes, what);
    }

    /**
     * Opens a directory named by an absolute path one component at a time, refusing a symbolic link
     * at every step (ELOOP): for paths hashify recorded itself and reopens later, when anything on
     * the way may have been replaced meanwhile.
     */
    public int openDirectoryPathNoFollow(Path absolute, String what) throws OsException {
        byte[] bytes = PathBytes.of(absolute);
        if (bytes.length == 0 || bytes[0] != '/') {
            throw new OsException("openat", Errno.EINVAL, what + " is not an absolute path");
        }
        int fd = openDirectory(AT_FDCWD, new byte[] {'/'}, what);
        int start = 1;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '/') {
                end++;
            }
            if (end > start) {
                byte[] name = java.util.Arrays.copyOfRange(bytes, start, end);
                try {
                    int next = openDirectory(fd, name, what);
                    close(fd);
                    fd = next;
                } catch (OsException e) {
                    close(fd);
                    throw e;
                }
            }
            start = end + 1;
        }
        return fd;
    }

    /** Opens a subdirectory of an open directory, refusing symbolic links. */
    public int openDirectory(int dirfd, byte[] name, String what) throws OsException {
        return open(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, "openat", what);
    }

    /**
     * Opens a file for reading, refusing symbolic links; FIFOs and devices open without blocking,
     * so callers check the type with {@link #fstat} before reading.
     */
    public int openForReading(int dirfd, byte[] name, String what) throws OsException {
        return open(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, "openat", what);
    }

    /** Creates a new file exclusively (never through a link) for writing. */
    public int createExclusive(int dirfd, byte[] name, int mode, String what) throws OsException {
        int fd = libc.openat(dirfd, c(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0) {
            throw new OsException("openat", errno(), what);
        }
        return fd;
    }

    /**
     * Creates a file without a name in the open directory {@code dirfd} (O_TMPFILE), for writing:
     * it gets a name only by {@link #linkOpenFile}, so a process killed while filling it leaves
     * nothing behind.
     *
     * @throws OsException with EOPNOTSUPP (or EISDIR on old kernels) where the filesystem cannot
     */
    public int createUnnamed(int dirfd, int mode, String what) throws OsException {
        int fd = libc.openat(dirfd, c(new byte[] {'.'}), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
        if (fd < 0) {
            throw new OsException("openat(O_TMPFILE)", errno(), what);
        }
        return fd;
    }

    private int open(int dirfd, byte[] name, int flags, String call, String what) throws OsException {
        byte[] z = c(name);
        if (noAtime) {
            int fd = libc.openat(dirfd, z, flags | O_NOATIME, 0);
            if (fd >= 0) {
                return fd;
            }
            int e = errno();
            if (e != Errno.EPERM) {
                throw new OsException(call, e, what);
            }
        }
        int fd = libc.openat(dirfd, z, flags, 0);
        if (fd < 0) {
            throw new OsException(call, errno(), what);
        }
        return fd;
    }

    public void close(int fd) {
        if (fd >= 0) {
            libc.close(fd);
        }
    }

    /** {@code statx} of a name in a directory, not following a final symbolic link. */
    public FileStat stat(int dirfd, byte[] name, String what) throws OsException {
        return stat(dirfd, name, () -> what);
    }

    /** As {@link #stat(int, byte[], String)}, building the description only for an error: a walk stats every entry. */
    public FileStat stat(int dirfd, byte[] name, java.util.function.Supplier<String> what) throws OsException {
        byte[] buf = new byte[256];
        if (libc.statx(dirfd, c(name), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf) != 0) {
            throw new OsException("statx", errno(), what.get());
        }
        return decode(buf);
    }

    /** {@code statx} of an open file descriptor. */
    public FileStat fstat(int fd, String what) throws OsException {
        byte[] buf = new byte[256];
        if (libc.statx(fd, EMPTY, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf) != 0) {
            throw new OsException("statx", errno(), what);
        }
        return decode(buf);
    }

    private static FileStat decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        int nlink = b.getInt(16);
        int uid = b.getInt(20);
        int gid = b.getInt(24);
        int mode = Short.toUnsignedInt(b.getShort(28));
        long ino = b.getLong(32);
        long size = b.getLong(40);
        long atimeSec = b.getLong(64);
        int atimeNsec = b.getInt(72);
        long ctimeSec = b.getLong(96);
        int ctimeNsec = b.getInt(104);
        long mtimeSec = b.getLong(112);
        int mtimeNsec = b.getInt(120);
        long dev = ((long) b.getInt(136) << 32) | Integer.toUnsignedLong(b.getInt(140));
        return new FileStat(dev, ino, mode, nlink, uid, gid, size, atimeSec, atimeNsec, mtimeSec, mtimeNsec, ctimeSec, ctimeNsec);
    }

    /** Each thread's buffer for directory entries: a walk lists thousands of directories. */
    private static final ThreadLocal<byte[]> DENTS = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    /** Every entry of an open directory except "." and "..", in the order the filesystem gives. */
    public List<DirEntry> list(int dirfd, String what) throws OsException {
        // A descriptor listed before sits at the end of its directory; start again from the top.
        if (libc.lseek(dirfd, 0, 0) < 0) {
            throw new OsException("lseek", errno(), what);
        }
        byte[] buf = DENTS.get();
        List<DirEntry> entries = new ArrayList<>();
        while (true) {
            long n = libc.getdents64(dirfd, buf, buf.length);
            if (n < 0) {
                throw new OsException("getdents64", errno(), what);
            }
            if (n == 0) {
                return entries;
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) n).order(ByteOrder.nativeOrder());
            int pos = 0;
            while (pos < n) {
                long ino = b.getLong(pos);
                int reclen = Short.toUnsignedInt(b.getShort(pos + 16));
                int type = Byte.toUnsignedInt(b.get(pos + 18));
                int start = pos + 19;
                int end = start;
                while (end < pos + reclen && buf[end] != 0) {
                    end++;
                }
                DirEntry e = new DirEntry(Arrays.copyOfRange(buf, start, end), ino, type);
                if (!e.isDotOrDotDot()) {
                    entries.add(e);
                }
                pos += reclen;
            }
        }
    }

    /** Reads up to {@code len} bytes; returns 0 at end of file. */
    public int read(int fd, byte[] buf, int len, String what) throws OsException {
        while (true) {
            long n = libc.read(fd, buf, len);
            if (n >= 0) {
                return (int) n;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw new OsException("read", e, what);
            }
        }
    }

    /**
     * Reads a small regular file of a directory whole, without touching its access time.
     *
     * @return null when it does not exist
     */
    public byte[] readSmallFile(int dirfd, byte[] name, int maxBytes, String what) throws OsException {
        int fd;
        try {
            fd = openForReading(dirfd, name, what);
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
        try {
            FileStat st = fstat(fd, what);
            if (!st.isRegular() || st.size() > maxBytes) {
                throw new OsException("read", Errno.EINVAL, what + " is not a regular file of at most " + maxBytes + " bytes");
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) st.size());
            byte[] chunk = new byte[8192];
            int n;
            while ((n = read(fd, chunk, chunk.length, what)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw new OsException("read", Errno.EINVAL, what + " grew beyond " + maxBytes + " bytes");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            close(fd);
        }
    }

    /** Writes all of {@code len} bytes. */
    public void writeFully(int fd, byte[] buf, int len, String what) throws OsException {
        int done = 0;
        while (done < len) {
            byte[] rest = done == 0 ? buf : Arrays.copyOfRange(buf, done, len);
            long n = libc.write(fd, rest, len - done);
            if (n < 0) {
                int e = errno();
                if (e == Errno.EINTR) {
                    continue;
                }
                throw new OsException("write", e, what);
            }
            done += (int) n;
        }
    }

    public void fsync(int fd, String what) throws OsException {
        if (libc.fsync(fd) != 0) {
            throw new OsException("fsync", errno(), what);
        }
    }

    /**
     * Gives the inode open as {@code fd} a new name; unlike a link by name, this links exactly the
     * file that was opened, whatever has happened to its old name since.
     */
    public void linkOpenFile(int fd, int toDirfd, byte[] toName, String what) throws OsException {
        // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; the /proc magic link reaches the same inode without it.
        if (emptyPathLink && libc.linkat(fd, EMPTY, toDirfd, c(toName), AT_EMPTY_PATH) == 0) {
            return;
        }
        if (libc.linkat(AT_FDCWD, c("/proc/self/fd/" + fd), toDirfd, c(toName), AT_SYMLINK_FOLLOW) != 0) {
            throw new OsException("linkat", errno(), what);
        }
    }

    /** Hard-links a name in one directory to a new name in another; a symlink is linked as itself. */
    public void link(int fromDirfd, byte[] fromName, int toDirfd, byte[] toName, String what) throws OsException {
        if (libc.linkat(fromDirfd, c(fromName), toDirfd, c(toName), 0) != 0) {
            throw new OsException("linkat", errno(), what);
        }
    }

    /** {@code renameat2}; flags {@link #RENAME_NOREPLACE} or {@link #RENAME_EXCHANGE} or 0. */
    public void rename(int fromDirfd, byte[] from, int toDirfd, byte[] to, int flags, String what) throws OsException {
        if (libc.renameat2(fromDirfd, c(from), toDirfd, c(to), flags) != 0) {
            throw new OsException("renameat2", errno(), what);
        }
    }

    public void unlink(int dirfd, byte[] name, String what) throws OsException {
        if (libc.unlinkat(dirfd, c(name), 0) != 0) {
            throw new OsException("unlinkat", errno(), what);
        }
    }

    public void rmdir(int dirfd, byte[] name, String what) throws OsException {
        if (libc.unlinkat(dirfd, c(name), AT_REMOVEDIR) != 0) {
            throw new OsException("unlinkat", errno(), what);
        }
    }

    /** Creates a directory; returns false if something already exists under that name. */
    public boolean mkdir(int dirfd, byte[] name, int mode, String what) throws OsException {
        if (libc.mkdirat(dirfd, c(name), mode) == 0) {
            return true;
        }
        int e = errno();
        if (e == Errno.EEXIST) {
            return false;
        }
        throw new OsException("mkdirat", e, what);
    }

    /**
     * The most hard links one inode may have on the filesystem of {@code fd}, as the C library
     * knows it ({@code _PC_LINK_MAX}); it errs low (32,000 for every ext* filesystem). Long.MAX_VALUE
     * when unknown.
     */
    public long linkMax(int fd) {
        long max = libc.fpathconf(fd, 0);
        return max <= 0 ? Long.MAX_VALUE : max;
    }

    /**
     * Whether {@code getdents64} reports the same inode number for a regular file as {@code statx}
     * does, on the filesystem of {@code fd}: true only for the local filesystems known to keep them
     * equal (ext2/3/4, XFS, btrfs, tmpfs); false elsewhere (overlayfs, FUSE, network filesystems may
     * differ) and when the type cannot be read.
     */
    public boolean directoryInodesMatch(int fd) {
        byte[] buf = new byte[256];
        if (libc.fstatfs(fd, buf) != 0) {
            return false;
        }
        long type = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()).getLong(0) & 0xffffffffL;
        return type == EXT_SUPER_MAGIC || type == XFS_SUPER_MAGIC || type == BTRFS_SUPER_MAGIC
                || type == TMPFS_MAGIC;
    }

    private static final long EXT_SUPER_MAGIC = 0xEF53L;
    private static final long XFS_SUPER_MAGIC = 0x58465342L;
    private static final long BTRFS_SUPER_MAGIC = 0x9123683EL;
    private static final long TMPFS_MAGIC = 0x01021994L;

    /** Sets the modification time of an open file or directory, leaving its access time alone. */
    public void setModificationTime(int fd, long sec, int nsec, String what) throws OsException {
        long[] times = {0, UTIME_OMIT, sec, nsec};
        if (libc.futimens(fd, times) != 0) {
            throw new OsException("futimens", errno(), what);
        }
    }

    /**
     * Every extended attribute of an open file, in every namespace (security.capability,
     * system.posix_acl_access, security.selinux, user.*), sorted by name.
     */
    public SortedMap<String, byte[]> xattrs(int fd, String what) throws OsException {
        byte[] names = new byte[1024];
        long n;
        while (true) {
            n = libc.flistxattr(fd, names, names.length);
            if (n >= 0) {
                break;
            }
            int e = errno();
            if (e == Errno.ERANGE) {
                names = new byte[names.length * 4];
            } else if (e == Errno.EOPNOTSUPP) {
                return Collections.emptySortedMap();
            } else {
                throw new OsException("flistxattr", e, what);
            }
        }
        if (n == 0) {
            return Collections.emptySortedMap();
        }
        SortedMap<String, byte[]> result = new TreeMap<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (names[i] == 0) {
                if (i > start) {
                    byte[] name = Arrays.copyOfRange(names, start, i);
                    byte[] value = xattr(fd, name, what);
                    if (value != null) {
                        result.put(new String(name, StandardCharsets.ISO_8859_1), value);
                    }
                }
                start = i + 1;
            }
        }
        return result;
    }

    private static final long FICLONE = 0x40049409L;
    private static final long FIDEDUPERANGE = 0xC0189436L;
    private static final long FS_IOC_GETFLAGS = 0x80086601L;
    private static final long FS_IOC_SETFLAGS = 0x40086602L;
    /** The inode flag that forbids writes, new links, unlink and rename-over of every name. */
    public static final int FS_IMMUTABLE_FL = 0x10;
    /** The most bytes one FIDEDUPERANGE call is asked to compare (btrfs caps it at 16 MiB). */
    public static final long DEDUPE_CHUNK = 16L << 20;

    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int POSIX_FADV_WILLNEED = 3;

    /** A second descriptor of the same open file, closed on exec. */
    public int duplicate(int fd, String what) throws OsException {
        int dup = libc.fcntl(fd, F_DUPFD_CLOEXEC, 0);
        if (dup < 0) {
            throw new OsException("fcntl(F_DUPFD_CLOEXEC)", errno(), what);
        }
        return dup;
    }

    /**
     * Advises the kernel that a file's first {@code length} bytes will be read soon, so that it reads
     * them into the page cache in large requests, in the background. Advice only: nothing to report.
     */
    public void willNeed(int fd, long length) {
        libc.posix_fadvise(fd, 0, length, POSIX_FADV_WILLNEED);
    }

    /** Makes the open file {@code destFd} share all of {@code srcFd}'s extents ({@code FICLONE}; btrfs, XFS). */
    public void cloneFile(int destFd, int srcFd, String what) throws OsException {
        if (libc.ioctl(destFd, FICLONE, srcFd) != 0) {
            throw new OsException("ioctl(FICLONE)", errno(), what);
        }
    }

    /**
     * Asks the kernel to share {@code length} bytes at {@code offset} of {@code srcFd} with the same
     * range of {@code destFd} if, and only if, their bytes are equal ({@code FIDEDUPERANGE}). The
     * kernel locks both ranges and compares them itself.
     *
     * @return the bytes now shared; 0 when the ranges differ
     */
    public long dedupeRange(int srcFd, int destFd, long offset, long length, String what) throws OsException {
        byte[] arg = new byte[24 + 32];
        ByteBuffer b = ByteBuffer.wrap(arg).order(ByteOrder.nativeOrder());
        b.putLong(0, offset).putLong(8, length).putShort(16, (short) 1);
        b.putLong(24, destFd).putLong(32, offset);
        if (libc.ioctl(srcFd, FIDEDUPERANGE, arg) != 0) {
            throw new OsException("ioctl(FIDEDUPERANGE)", errno(), what);
        }
        long deduped = b.getLong(40);
        int status = b.getInt(48);
        if (status < 0) {
            throw new OsException("ioctl(FIDEDUPERANGE)", -status, what);
        }
        return status == 1 ? 0 : deduped;
    }

    /** The inode flags ({@code FS_IOC_GETFLAGS}); {@link #FS_IMMUTABLE_FL} among them. */
    public int flags(int fd, String what) throws OsException {
        int[] flags = new int[1];
        if (libc.ioctl(fd, FS_IOC_GETFLAGS, flags) != 0) {
            throw new OsException("ioctl(FS_IOC_GETFLAGS)", errno(), what);
        }
        return flags[0];
    }

    /** Sets the inode flags ({@code FS_IOC_SETFLAGS}); the immutable flag needs CAP_LINUX_IMMUTABLE. */
    public void setFlags(int fd, int flags, String what) throws OsException {
        if (libc.ioctl(fd, FS_IOC_SETFLAGS, new int[] {flags}) != 0) {
            throw new OsException("ioctl(FS_IOC_SETFLAGS)", errno(), what);
        }
    }

    /** Sets one extended attribute of an open file (any namespace the caller may write). */
    public void setXattr(int fd, String name, byte[] value, String what) throws OsException {
        if (libc.fsetxattr(fd, c(name.getBytes(StandardCharsets.ISO_8859_1)), value, value.length, 0) != 0) {
            throw new OsException("fsetxattr", errno(), what);
        }
    }

    private byte[] xattr(int fd, byte[] name, String what) throws OsException {
        byte[] value = new byte[256];
        byte[] cname = c(name);
        while (true) {
            long n = libc.fgetxattr(fd, cname, value, value.length);
            if (n >= 0) {
                return Arrays.copyOf(value, (int) n);
            }
            int e = errno();
            if (e == Errno.ERANGE) {
                value = new byte[value.length * 8];
            } else if (e == Errno.ENODATA) {
                return null; // removed between list and get
            } else {
                throw new OsException("fgetxattr", e, what);
            }
        }
    }

    // ---- Creating every kind of entry and copying its metadata (clone, split) ----

    private static final int O_PATH = 010000000;
    private static final int ENXIO = 6;
    private static final int SEEK_SET = 0;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    /**
     * Sets owner and group of an open file. On a regular file the kernel then drops setuid, setgid
     * and {@code security.capability}: set mode and extended attributes after this.
     */
    public void chown(int fd, int uid, int gid, String what) throws OsException {
        if (libc.fchown(fd, uid, gid) != 0) {
            throw new OsException("fchown", errno(), what);
        }
    }

    /** Sets the permission bits (setuid, setgid and sticky included) of an open file. */
    public void chmod(int fd, int mode, String what) throws OsException {
        if (libc.fchmod(fd, mode & 07777) != 0) {
            throw new OsException("fchmod", errno(), what);
        }
    }

    /** Sets owner and group of a directory entry itself, a symbolic link included ({@code lchown}). */
    public void chownNoFollow(int dirfd, byte[] name, int uid, int gid, String what) throws OsException {
        if (libc.fchownat(dirfd, c(name), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) {
            throw new OsException("fchownat", errno(), what);
        }
    }

    /**
     * Sets the permission bits of a directory entry that is not a symbolic link (a device node, a
     * FIFO) without opening it: through an {@code O_PATH} descriptor, so that nothing is followed
     * and no device driver sees an open. Symbolic links have no mode of their own and are left alone.
     */
    public void chmodNoFollow(int dirfd, byte[] name, int mode, String what) throws OsException {
        int fd = libc.openat(dirfd, c(name), O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0) {
            throw new OsException("openat", errno(), what);
        }
        try {
            if (fstat(fd, what).isSymlink()) {
                return;
            }
            if (libc.fchmodat(AT_FDCWD, c("/proc/self/fd/" + fd), mode & 07777, 0) != 0) {
                throw new OsException("fchmodat", errno(), what);
            }
        } finally {
            libc.close(fd);
        }
    }

    /** Sets access and modification time of an open file or directory to the nanosecond. */
    public void setTimes(int fd, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec, String what)
            throws OsException {
        long[] times = {atimeSec, atimeNsec, mtimeSec, mtimeNsec};
        if (libc.futimens(fd, times) != 0) {
            throw new OsException("futimens", errno(), what);
        }
    }

    /**
     * Sets access and modification time of a directory entry itself, never of what a symbolic
     * link points to ({@code utimensat} with {@code AT_SYMLINK_NOFOLLOW}).
     */
    public void setTimesNoFollow(int dirfd, byte[] name, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec,
            String what) throws OsException {
        long[] times = {atimeSec, atimeNsec, mtimeSec, mtimeNsec};
        if (libc.utimensat(dirfd, c(name), times, AT_SYMLINK_NOFOLLOW) != 0) {
            throw new OsException("utimensat", errno(), what);
        }
    }

    /**
     * Creates a device node or FIFO ({@code mknodat}); {@code mode} carries the file type. The
     * process umask applies, so callers set the permission bits afterwards.
     */
    public void mknod(int dirfd, byte[] name, int mode, long rdev, String what) throws OsException {
        int rc;
        try {
            rc = libc.mknodat(dirfd, c(name), mode, rdev);
        } catch (UnsatisfiedLinkError oldGlibc) {
            rc = libc.__xmknodat(0, dirfd, c(name), mode, new long[] {rdev});
        }
        if (rc != 0) {
            throw new OsException("mknodat", errno(), what);
        }
    }

    /** Creates a symbolic link holding {@code target} (raw bytes, never resolved here). */
    public void symlink(byte[] target, int dirfd, byte[] name, String what) throws OsException {
        if (libc.symlinkat(c(target), dirfd, c(name)) != 0) {
            throw new OsException("symlinkat", errno(), what);
        }
    }

    /** The raw target of a symbolic link. */
    public byte[] readlink(int dirfd, byte[] name, String what) throws OsException {
        byte[] buf = new byte[4096];
        while (true) {
            long n = libc.readlinkat(dirfd, c(name), buf, buf.length);
            if (n < 0) {
                throw new OsException("readlinkat", errno(), what);
            }
            if (n < buf.length) {
                return Arrays.copyOf(buf, (int) n);
            }
            buf = new byte[buf.length * 4];
        }
    }

    /** The device number ({@code st_rdev}) of a device node, in glibc's {@code makedev} encoding. */
    public long deviceNumber(int dirfd, byte[] name, String what) throws OsException {
        byte[] buf = new byte[256];
        if (libc.statx(dirfd, c(name), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf) != 0) {
            throw new OsException("statx", errno(), what);
        }
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        return makedev(b.getInt(128), b.getInt(132));
    }

    /** glibc's {@code makedev}. */
    public static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    /**
     * The path that reaches entry {@code name} of the open directory {@code dirfd} and nothing
     * else: the /proc magic link jumps to exactly that directory, and the l*xattr calls do not
     * follow the last component.
     */
    private static byte[] entryPath(int dirfd, byte[] name) {
        byte[] prefix = ("/proc/self/fd/" + dirfd + "/").getBytes(StandardCharsets.US_ASCII);
        byte[] path = Arrays.copyOf(prefix, prefix.length + name.length + 1);
        System.arraycopy(name, 0, path, prefix.length, name.length);
        return path;
    }

    /**
     * Every extended attribute of a directory entry itself (a symbolic link, a device node, a
     * FIFO), without opening or following it; sorted by name.
     */
    public SortedMap<String, byte[]> xattrsNoFollow(int dirfd, byte[] name, String what) throws OsException {
        byte[] path = entryPath(dirfd, name);
        byte[] names = new byte[1024];
        long n;
        while (true) {
            n = libc.llistxattr(path, names, names.length);
            if (n >= 0) {
                break;
            }
            int e = errno();
            if (e == Errno.ERANGE) {
                names = new byte[names.length * 4];
            } else if (e == Errno.EOPNOTSUPP) {
                return Collections.emptySortedMap();
            } else {
                throw new OsException("llistxattr", e, what);
            }
        }
        SortedMap<String, byte[]> result = new TreeMap<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (names[i] == 0) {
                if (i > start) {
                    byte[] key = c(Arrays.copyOfRange(names, start, i));
                    byte[] value = new byte[256];
                    while (true) {
                        long len = libc.lgetxattr(path, key, value, value.length);
                        if (len >= 0) {
                            result.put(new String(key, 0, i - start, StandardCharsets.ISO_8859_1),
                                    Arrays.copyOf(value, (int) len));
                            break;
                        }
                        int e = errno();
                        if (e == Errno.ERANGE) {
                            value = new byte[value.length * 8];
                        } else if (e == Errno.ENODATA) {
                            break;
                        } else {
                            throw new OsException("lgetxattr", e, what);
                        }
                    }
                }
                start = i + 1;
            }
        }
        return result;
    }

    /** Sets one extended attribute of a directory entry itself, never following it. */
    public void setXattrNoFollow(int dirfd, byte[] name, String key, byte[] value, String what) throws OsException {
        if (libc.lsetxattr(entryPath(dirfd, name), c(key.getBytes(StandardCharsets.ISO_8859_1)), value, value.length,
                0) != 0) {
            throw new OsException("lsetxattr", errno(), what);
        }
    }

    /** Removes one extended attribute of an open file; absent is fine. */
    public void removeXattr(int fd, String key, String what) throws OsException {
        if (libc.fremovexattr(fd, c(key.getBytes(StandardCharsets.ISO_8859_1))) != 0) {
            int e = errno();
            if (e != Errno.ENODATA) {
                throw new OsException("fremovexattr", e, what);
            }
        }
    }

    /** Removes one extended attribute of a directory entry itself; absent is fine. */
    public void removeXattrNoFollow(int dirfd, byte[] name, String key, String what) throws OsException {
        if (libc.lremovexattr(entryPath(dirfd, name), c(key.getBytes(StandardCharsets.ISO_8859_1))) != 0) {
            int e = errno();
            if (e != Errno.ENODATA) {
                throw new OsException("lremovexattr", e, what);
            }
        }
    }

    /**
     * Copies up to {@code length} bytes between open files inside the kernel
     * ({@code copy_file_range}); on btrfs and XFS the kernel may share the extents instead of
     * copying them.
     *
     * @return the bytes copied; 0 at the end of the input
     * @throws OsException EXDEV, EINVAL, ENOSYS or EOPNOTSUPP where the kernel cannot do it, so
     *     that the caller copies through user space
     */
    public long copyRange(int inFd, long inOffset, int outFd, long outOffset, long length, String what)
            throws OsException {
        while (true) {
            long n = libc.copy_file_range(inFd, new long[] {inOffset}, outFd, new long[] {outOffset}, length, 0);
            if (n >= 0) {
                return n;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw new OsException("copy_file_range", e, what);
            }
        }
    }

    /** The first offset at or after {@code offset} that holds data; -1 when only a hole follows. */
    public long seekData(int fd, long offset, String what) throws OsException {
        long r = libc.lseek(fd, offset, SEEK_DATA);
        if (r < 0) {
            int e = errno();
            if (e == ENXIO) {
                return -1;
            }
            throw new OsException("lseek(SEEK_DATA)", e, what);
        }
        return r;
    }

    /** The first offset at or after {@code offset} that starts a hole (or the end of the file). */
    public long seekHole(int fd, long offset, String what) throws OsException {
        long r = libc.lseek(fd, offset, SEEK_HOLE);
        if (r < 0) {
            throw new OsException("lseek(SEEK_HOLE)", errno(), what);
        }
        return r;
    }

    /** Moves the file position to {@code offset}. */
    public void seek(int fd, long offset, String what) throws OsException {
        if (libc.lseek(fd, offset, SEEK_SET) < 0) {
            throw new OsException("lseek", errno(), what);
        }
    }

    /** Sets the size of an open file; growing it adds a hole. */
    public void truncate(int fd, long length, String what) throws OsException {
        if (libc.ftruncate(fd, length) != 0) {
            throw new OsException("ftruncate", errno(), what);
        }
    }
}
