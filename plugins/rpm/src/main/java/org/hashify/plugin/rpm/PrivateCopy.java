package org.hashify.plugin.rpm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hashify.api.GuestFiles;
import org.hashify.api.PinnedFile;

/**
 * A temporary host directory, private to hashify, holding copies of guest files for tools that open
 * files by name or write beside them (SQLite applying a journal, rpm taking its lock). Closing it
 * removes the directory and whatever the tools left in it.
 */
final class PrivateCopy implements AutoCloseable {
    private final Path directory;

    private PrivateCopy(Path directory) {
        this.directory = directory;
    }

    /** Creates an empty directory readable only by this user. */
    static PrivateCopy create() throws IOException {
        return new PrivateCopy(Files.createTempDirectory("hashify-rpmdb-"));
    }

    Path directory() {
        return directory;
    }

    /**
     * Copies a regular file of the guest into the directory under a plain name. The copy reads the
     * pinned file, so a guest that swaps the path for a link meanwhile cannot redirect it.
     */
    Path copy(GuestFiles guest, String guestPath, String name) throws IOException {
        Path target = directory.resolve(name);
        if (!target.getParent().equals(directory)) {
            throw new IllegalArgumentException("a copy needs a plain file name, not " + name);
        }
        try (PinnedFile pinned = guest.pin(guestPath)) {
            Files.copy(pinned.path(), target);
        }
        return target;
    }

    /** Removes the directory and everything in it. */
    @Override
    public void close() throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
