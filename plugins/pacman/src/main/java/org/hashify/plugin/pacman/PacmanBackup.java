package org.hashify.plugin.pacman;

/**
 * One {@code %BACKUP%} entry of a package's {@code files}.
 *
 * @param path the root-relative path, unchecked: the database is hostile input
 * @param line the line of the {@code files} file that names it
 * @param utf8 whether that line was valid UTF-8
 */
record PacmanBackup(String path, int line, boolean utf8) {
    PacmanBackup {
        if (path == null || path.isEmpty() || line < 1) {
            throw new IllegalArgumentException("a backup entry needs a path and a line number");
        }
    }
}
