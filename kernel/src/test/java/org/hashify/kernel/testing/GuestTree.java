package org.hashify.kernel.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.PathBytes;

/** Builds guest trees for tests in code: files with given content and metadata, links, symlinks. */
public final class GuestTree {
    /** The mtime every file gets unless a test sets another, so copies are identical. */
    public static final FileTime MTIME = FileTime.fromMillis(1_700_000_000_123L);

    private final Path root;

    private GuestTree(Path root) {
        this.root = root;
    }

    public static GuestTree at(Path root) throws IOException {
        Files.createDirectories(root);
        return new GuestTree(root);
    }

    public Path root() {
        return root;
    }

    public Path path(String rel) {
        return root.resolve(rel.startsWith("/") ? rel.substring(1) : rel);
    }

    public GuestTree file(String rel, byte[] content) throws IOException {
        return file(rel, content, 0644);
    }

    public GuestTree file(String rel, String content) throws IOException {
        return file(rel, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public GuestTree file(String rel, byte[] content, int mode) throws IOException {
        Path p = path(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(p, MTIME);
        return this;
    }

    /** A file named by raw bytes (not necessarily UTF-8) inside directory {@code dirRel}. */
    public Path rawFile(String dirRel, byte[] name, byte[] content) throws IOException {
        Path dir = path(dirRel);
        Files.createDirectories(dir);
        LinuxFs fs = LinuxFs.get();
        int dfd = fs.openDirectoryPath(dir, dir.toString());
        try {
            int fd = fs.createExclusive(dfd, name, 0644, "test file");
            try {
                fs.writeFully(fd, content, content.length, "test file");
                fs.setModificationTime(fd, MTIME.toInstant().getEpochSecond(), MTIME.toInstant().getNano(), "test file");
            } finally {
                fs.close(fd);
            }
        } finally {
            fs.close(dfd);
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> java.util.Arrays.equals(last(PathBytes.of(p)), name)).findFirst().orElseThrow();
        }
    }

    private static byte[] last(byte[] path) {
        int slash = path.length - 1;
        while (slash >= 0 && path[slash] != '/') {
            slash--;
        }
        return java.util.Arrays.copyOfRange(path, slash + 1, path.length);
    }

    public GuestTree mtime(String rel, FileTime t) throws IOException {
        Files.setLastModifiedTime(path(rel), t);
        return this;
    }

    public GuestTree mode(String rel, int mode) throws IOException {
        Files.setAttribute(path(rel), "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        return this;
    }

    public GuestTree owner(String rel, int uid, int gid) throws IOException {
        Path p = path(rel);
        FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(p, t);
        return this;
    }

    /** Sets an extended attribute in any namespace (security.* needs root). */
    public GuestTree xattr(String rel, String name, byte[] value) throws IOException {
        Path p = path(rel);
        LinuxFs fs = LinuxFs.get();
        int dfd = fs.openDirectoryPath(p.getParent(), p.getParent().toString());
        try {
            int fd = fs.openForReading(dfd, p.getFileName().toString().getBytes(StandardCharsets.UTF_8), p.toString());
            try {
                fs.setXattr(fd, name, value, p.toString());
            } finally {
                fs.close(fd);
            }
        } finally {
            fs.close(dfd);
        }
        return this;
    }

    public GuestTree hardLink(String rel, String existingRel) throws IOException {
        Path p = path(rel);
        Files.createDirectories(p.getParent());
        Files.createLink(p, path(existingRel));
        return this;
    }

    public GuestTree symlink(String rel, Path target) throws IOException {
        Path p = path(rel);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, target);
        return this;
    }

    public GuestTree dir(String rel) throws IOException {
        Files.createDirectories(path(rel));
        return this;
    }

    /** Deterministic pseudo-random bytes. */
    public static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static boolean isRoot() {
        return LinuxFs.get().euid() == 0;
    }
}
