package org.hashify.kernel.walk;

import java.util.List;

/**
 * One inode to unify and every path the walk found for it: a guest-local hard-link group stays one
 * unit, so all its names end up on the same object.
 *
 * @param complete whether the walk found all the inode's links; when not, some name lies outside
 *     the walked tree and replacing only some names would split the group
 */
public record Unit(FileEntry leader, List<FileEntry> followers, boolean complete) {
    public Unit {
        followers = List.copyOf(followers);
    }

    public static Unit single(FileEntry entry) {
        return new Unit(entry, List.of(), entry.stat().nlink() <= 1);
    }

    public int pathCount() {
        return 1 + followers.size();
    }
}
