package org.hashify.kernel.os;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Pinned;
import jnr.ffi.annotations.SaveError;

/**
 * The C library calls hashify needs. Paths are NUL-terminated byte arrays so that names which are
 * not valid UTF-8 pass through unchanged.
 */
public interface LibC {
    @SaveError int openat(int dirfd, @In byte[] path, int flags, int mode);

    @SaveError int close(int fd);

    /** The buffer is pinned, not copied: hashing reads every byte of a guest once, and a copy more costs. */
    @SaveError long read(int fd, @Out @Pinned byte[] buf, long count);

    @SaveError long write(int fd, @In byte[] buf, long count);

    @SaveError int statx(int dirfd, @In byte[] path, int flags, int mask, @Out byte[] statxbuf);

    @SaveError long lseek(int fd, long offset, int whence);

    /** Pinned, not copied: each thread lists every directory into one buffer of its own. */
    @SaveError long getdents64(int fd, @Out @Pinned byte[] buf, long count);

    @SaveError int linkat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);

    @SaveError int renameat2(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);

    @SaveError int unlinkat(int dirfd, @In byte[] path, int flags);

    @SaveError int mkdirat(int dirfd, @In byte[] path, int mode);

    @SaveError int futimens(int fd, @In long[] times);

    @SaveError long flistxattr(int fd, @Out byte[] list, long size);

    @SaveError long fgetxattr(int fd, @In byte[] name, @Out byte[] value, long size);

    @SaveError int fsetxattr(int fd, @In byte[] name, @In byte[] value, long size, int flags);

    @SaveError int fsync(int fd);

    @SaveError int ioctl(int fd, long request, @In @Out int[] arg);

    /** For requests whose argument is a plain integer, not a pointer (FICLONE takes a descriptor). */
    @SaveError int ioctl(int fd, long request, int arg);

    @SaveError int ioctl(int fd, long request, @In @Out byte[] arg);

    @SaveError long fpathconf(int fd, int name);

    /** For {@code F_DUPFD_CLOEXEC}: the argument is the lowest descriptor number wanted. */
    @SaveError int fcntl(int fd, int cmd, int arg);

    /** Returns the error number itself (0 on success); errno is not set. */
    int posix_fadvise(int fd, long offset, long len, int advice);

    /** The buffer receives a {@code struct statfs}; hashify reads only {@code f_type}, its first word. */
    @SaveError int fstatfs(int fd, @Out @Pinned byte[] buf);

    int geteuid();

    // Creating trees with every kind of entry and all their metadata (clone, split).

    @SaveError int fchown(int fd, int uid, int gid);

    @SaveError int fchmod(int fd, int mode);

    @SaveError int fchownat(int dirfd, @In byte[] path, int uid, int gid, int flags);

    @SaveError int fchmodat(int dirfd, @In byte[] path, int mode, int flags);

    @SaveError int utimensat(int dirfd, @In byte[] path, @In long[] times, int flags);

    @SaveError int mknodat(int dirfd, @In byte[] path, int mode, long dev);

    /** What glibc before 2.33 exports instead of {@code mknodat}; {@code ver} is 0 on Linux. */
    @SaveError int __xmknodat(int ver, int dirfd, @In byte[] path, int mode, @In long[] dev);

    @SaveError int symlinkat(@In byte[] target, int newdirfd, @In byte[] linkpath);

    @SaveError long readlinkat(int dirfd, @In byte[] path, @Out byte[] buf, long bufsiz);

    @SaveError long llistxattr(@In byte[] path, @Out byte[] list, long size);

    @SaveError long lgetxattr(@In byte[] path, @In byte[] name, @Out byte[] value, long size);

    @SaveError int lsetxattr(@In byte[] path, @In byte[] name, @In byte[] value, long size, int flags);

    @SaveError int lremovexattr(@In byte[] path, @In byte[] name);

    @SaveError int fremovexattr(int fd, @In byte[] name);

    @SaveError long copy_file_range(int fdIn, @In @Out long[] offIn, int fdOut, @In @Out long[] offOut, long len, int flags);

    @SaveError int ftruncate(int fd, long length);
}
