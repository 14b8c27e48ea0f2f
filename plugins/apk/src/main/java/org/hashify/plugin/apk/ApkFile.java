package org.hashify.plugin.apk;

import org.hashify.api.PackageDatabaseException;

/**
 * One installed file as the database names it: an {@code R:} line under the {@code F:} line before it.
 * Names are raw text (one char per byte), as the database stores them.
 *
 * @param owner the package, from its record's {@code P:} line
 * @param path the root-relative path, unchecked: the database is hostile input
 * @param line the database line of the {@code R:} entry
 */
record ApkFile(String owner, String path, int line) {
    ApkFile {
        if (owner == null || owner.isEmpty() || path == null || path.isEmpty() || line < 1) {
            throw new IllegalArgumentException("an installed file needs an owner, a path and a line number");
        }
    }

    /** Receives installed files in database order, as the parser meets them. */
    @FunctionalInterface
    interface Sink {
        void accept(ApkFile file) throws PackageDatabaseException;
    }
}
