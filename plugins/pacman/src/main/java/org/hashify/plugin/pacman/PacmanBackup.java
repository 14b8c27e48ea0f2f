package org.hashify.plugin.pacman;

/**
 * One {@code %BACKUP%} entry of a package's {@code files}.
 *
 * @param path the root-relative path as raw text (one char per byte), unchecked: the database is
 *     hostile input
 * @param line the line of the {@code files} file that names it
 */
record PacmanBackup(String path, int line) {
    PacmanBackup {
        if (path == null || path.isEmpty() || line < 1) {
            throw new IllegalArgumentException("a backup entry needs a path and a line number");
        }
    }
}
