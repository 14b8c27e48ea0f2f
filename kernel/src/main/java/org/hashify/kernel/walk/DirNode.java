package org.hashify.kernel.walk;

import java.nio.charset.StandardCharsets;

/**
 * A directory found by a walk: its name in its parent and the inode it had, so that reopening it
 * later can tell whether the guest swapped it for something else.
 */
public final class DirNode {
    private final DirNode parent;
    private final byte[] name;
    private final long dev;
    private final long ino;
    private final String path;

    private DirNode(DirNode parent, byte[] name, long dev, long ino, String path) {
        this.parent = parent;
        this.name = name;
        this.dev = dev;
        this.ino = ino;
        this.path = path;
    }

    public static DirNode root(long dev, long ino) {
        return new DirNode(null, new byte[0], dev, ino, "/");
    }

    public DirNode child(byte[] childName, long childDev, long childIno) {
        return new DirNode(this, childName, childDev, childIno, childPath(childName));
    }

    /** The guest-absolute path of an entry of this directory, raw bytes as ISO-8859-1 characters. */
    public String childPath(byte[] childName) {
        String n = new String(childName, StandardCharsets.ISO_8859_1);
        return parent == null ? "/" + n : path + "/" + n;
    }

    public DirNode parent() {
        return parent;
    }

    public byte[] name() {
        return name;
    }

    public long dev() {
        return dev;
    }

    public long ino() {
        return ino;
    }

    /** Guest-absolute path, raw bytes as ISO-8859-1 characters (see {@link GuestPaths#display}). */
    public String path() {
        return path;
    }

    public boolean isRoot() {
        return parent == null;
    }

    @Override
    public String toString() {
        return GuestPaths.display(path);
    }
}
