package org.hashify.kernel.walk;

import org.hashify.kernel.os.FileStat;

/**
 * A regular file found by a walk, with the stat it had then.
 *
 * @param leftover a temporary name of an interrupted hashify run, not a guest file
 */
public record FileEntry(DirNode dir, byte[] name, FileStat stat, boolean leftover) {
    /** Guest-absolute path, raw bytes as ISO-8859-1 characters. */
    public String path() {
        return dir.childPath(name);
    }

    @Override
    public String toString() {
        return GuestPaths.display(path());
    }
}
