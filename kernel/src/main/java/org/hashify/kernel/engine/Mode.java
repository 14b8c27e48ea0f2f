package org.hashify.kernel.engine;

/** How guests share an object (DESIGN.md, Sharing modes). */
public enum Mode {
    /** Dedupe where the store's filesystem shares extents (btrfs, XFS with reflink), hardlink elsewhere. */
    AUTO,
    /** Guest files become hard links to the object: any POSIX filesystem. */
    HARDLINK,
    /** Guest files keep their inodes and share the object's extents; writes are copy-on-write. */
    DEDUPE;

    /** The name users write: {@code auto}, {@code hardlink}, {@code dedupe}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Mode of(String id) {
        for (Mode m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode must be auto, hardlink or dedupe, not \"" + id + "\"");
    }
}
