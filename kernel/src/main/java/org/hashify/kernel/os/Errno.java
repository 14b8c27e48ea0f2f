package org.hashify.kernel.os;

/** The errno values hashify reacts to, and readable text for any errno. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int EMLINK = 31;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;
    public static final int EDQUOT = 122;

    private Errno() {
    }

    /** A short explanation of an errno, as strerror would give it, with its symbolic name. */
    public static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted (EPERM)";
            case ENOENT -> "no such file or directory (ENOENT)";
            case EINTR -> "interrupted (EINTR)";
            case EIO -> "input/output error (EIO)";
            case EBADF -> "bad file descriptor (EBADF)";
            case EAGAIN -> "resource temporarily unavailable (EAGAIN)";
            case EACCES -> "permission denied (EACCES)";
            case EEXIST -> "file exists (EEXIST)";
            case EXDEV -> "not on the same filesystem (EXDEV)";
            case ENOTDIR -> "not a directory (ENOTDIR)";
            case EISDIR -> "is a directory (EISDIR)";
            case EINVAL -> "invalid argument (EINVAL)";
            case EMFILE -> "too many open files (EMFILE)";
            case ENOSPC -> "no space left on device (ENOSPC)";
            case EROFS -> "read-only filesystem (EROFS)";
            case EMLINK -> "too many links (EMLINK)";
            case ERANGE -> "result too large (ERANGE)";
            case ENAMETOOLONG -> "file name too long (ENAMETOOLONG)";
            case ENOSYS -> "not implemented by this kernel (ENOSYS)";
            case ENOTEMPTY -> "directory not empty (ENOTEMPTY)";
            case ELOOP -> "is a symbolic link or has too many levels of them (ELOOP)";
            case ENODATA -> "no such attribute (ENODATA)";
            case EOPNOTSUPP -> "operation not supported by this filesystem (EOPNOTSUPP)";
            case EDQUOT -> "disk quota exceeded (EDQUOT)";
            default -> "errno " + errno;
        };
    }
}
