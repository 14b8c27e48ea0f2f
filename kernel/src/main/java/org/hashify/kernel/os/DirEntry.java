package org.hashify.kernel.os;

/**
 * One entry of a directory as {@code getdents64} returns it.
 *
 * @param name the raw name bytes, never containing '/' or NUL
 * @param type the {@code d_type}: {@link #DT_REG}, {@link #DT_DIR}, {@link #DT_LNK}, ... or
 *     {@link #DT_UNKNOWN} when the filesystem does not say
 */
public record DirEntry(byte[] name, long ino, int type) {
    public static final int DT_UNKNOWN = 0;
    public static final int DT_DIR = 4;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;

    public DirEntry {
        if (name.length == 0) {
            throw new IllegalArgumentException("empty directory entry name");
        }
    }

    public boolean isDotOrDotDot() {
        return (name.length == 1 && name[0] == '.') || (name.length == 2 && name[0] == '.' && name[1] == '.');
    }
}
