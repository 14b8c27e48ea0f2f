package org.hashify.plugin.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads and checks the guest roots that runtime configurations name, often through symbolic links
 * (a vserver's {@code vdir}, an image linked into {@code /var/lib/machines}). hashify links and
 * renames files below a root, so the host's own root directory is never accepted as one.
 */
public final class GuestRoots {

    private GuestRoots() {}

    /**
     * Where the symbolic link {@code link} points: its target, normalised, and when relative resolved
     * against the real path of the directory holding the link. The target need not exist.
     */
    public static Path linkTarget(Path link) throws IOException {
        Path target = Files.readSymbolicLink(link);
        if (target.isAbsolute()) {
            return target.normalize();
        }
        // The real path, as the kernel resolves "..": lexically, a linked configuration directory would
        // send "../" somewhere else.
        return link.toAbsolutePath().getParent().toRealPath().resolve(target).normalize();
    }

    /**
     * Why {@code root} cannot be a guest's root, completing "the root ...", or empty when it can: it
     * must be absolute, must not be or lead to the host's root directory, and must be a directory.
     */
    public static Optional<String> refusal(Path root) {
        if (!root.isAbsolute()) {
            return Optional.of("is not an absolute path");
        }
        if (root.normalize().getNameCount() == 0) {
            return Optional.of("is the host's root directory");
        }
        if (!Files.isDirectory(root)) {
            return Optional.of(Files.exists(root) ? "is not a directory" : "does not exist");
        }
        try {
            if (leadsToHostRoot(root)) {
                return Optional.of("leads to the host's root directory");
            }
        } catch (IOException e) {
            return Optional.of("cannot be examined (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code path} is the host's root directory, by name or, when it exists, through symbolic
     * links: a path that only links make into {@code /} would still hand the whole host over.
     */
    public static boolean leadsToHostRoot(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.getNameCount() == 0 || Files.exists(absolute) && Files.isSameFile(absolute, absolute.getRoot());
    }
}
