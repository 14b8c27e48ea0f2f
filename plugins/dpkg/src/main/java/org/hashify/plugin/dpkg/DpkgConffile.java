package org.hashify.plugin.dpkg;

/**
 * One conffile entry as the database spells it; flags such as {@code obsolete} are not kept, because
 * an obsolete conffile is still an administrator's file on disk.
 *
 * @param path the path as raw text (one char per byte), unchecked: the database is hostile input
 * @param line the database line that names it
 */
record DpkgConffile(String path, int line) {
    DpkgConffile {
        if (path == null || path.isEmpty() || line < 1) {
            throw new IllegalArgumentException("a conffile entry needs a path and a line number");
        }
    }
}
