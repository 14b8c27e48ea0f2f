package org.hashify.plugin.pacman;

import java.util.List;

/**
 * One package of pacman's local database.
 *
 * @param name the {@code %NAME%} of its {@code desc}, as raw text (one char per byte)
 * @param filesPath the guest path of its {@code files}, for messages
 * @param backups its backup (configuration) files, in database order
 */
record PacmanPackage(String name, String filesPath, List<PacmanBackup> backups) {
    PacmanPackage {
        if (name == null || name.isEmpty() || filesPath == null) {
            throw new IllegalArgumentException("a pacman package needs a name and its files path");
        }
        backups = List.copyOf(backups);
    }
}
