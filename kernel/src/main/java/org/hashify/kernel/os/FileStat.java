package org.hashify.kernel.os;

/**
 * What {@code statx} says of one inode, without following a link.
 *
 * <p>{@link #sameFileUnchanged} is the test hashify applies before every replacement: same inode,
 * same size, same modification and change times.
 */
public record FileStat(
        long dev, long ino, int mode, int nlink, int uid, int gid, long size,
        long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec) {

    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFLNK = 0120000;

    public boolean isRegular() {
        return (mode & S_IFMT) == S_IFREG;
    }

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean isSymlink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** Permission bits including setuid, setgid and sticky. */
    public int permissions() {
        return mode & 07777;
    }

    public boolean sameInode(FileStat other) {
        return dev == other.dev && ino == other.ino;
    }

    /** Same inode, and nothing written to it or changed about it since {@code earlier} was taken. */
    public boolean sameFileUnchanged(FileStat earlier) {
        return sameInode(earlier) && size == earlier.size
                && mtimeSec == earlier.mtimeSec && mtimeNsec == earlier.mtimeNsec
                && ctimeSec == earlier.ctimeSec && ctimeNsec == earlier.ctimeNsec;
    }

    /** Same inode, size and modification time: the content cannot have been rewritten normally. */
    public boolean sameContentStamp(FileStat earlier) {
        return sameInode(earlier) && size == earlier.size
                && mtimeSec == earlier.mtimeSec && mtimeNsec == earlier.mtimeNsec;
    }
}
