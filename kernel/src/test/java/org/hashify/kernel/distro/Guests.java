package org.hashify.kernel.distro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hashify.kernel.guest.ConfinedGuestFiles;

/** Guest root trees built in code for detection tests. */
final class Guests {
    /** The descriptors this project ships, read from the source tree; surefire runs in the kernel module. */
    static final Path SHIPPED = Path.of("").toAbsolutePath().resolve("../distros/descriptors").normalize();

    private final Path root;

    private Guests(Path root) {
        this.root = root;
    }

    /** An empty guest root {@code dir/name}. */
    static Guests in(Path dir, String name) {
        try {
            return new Guests(Files.createDirectories(dir.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    /** Writes a regular file at a guest-absolute path. */
    Guests file(String guestPath, String content) {
        return file(guestPath, content.getBytes(StandardCharsets.UTF_8));
    }

    Guests file(String guestPath, byte[] content) {
        try {
            Path p = host(guestPath);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a symbolic link at a guest-absolute path pointing at {@code target}, as written. */
    Guests symlink(String guestPath, String target) {
        try {
            Path p = host(guestPath);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ConfinedGuestFiles open() throws IOException {
        return ConfinedGuestFiles.open(root.getFileName().toString(), root);
    }

    private Path host(String guestPath) {
        return root.resolve(guestPath.substring(1));
    }

    static DistroCatalog shippedCatalog() throws DescriptorException {
        return DistroCatalog.load(List.of(SHIPPED));
    }
}
