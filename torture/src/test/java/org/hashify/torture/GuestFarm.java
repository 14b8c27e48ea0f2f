package org.hashify.torture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hashify.kernel.os.LinuxFs;

/**
 * Builds, from a seed, several guests as a host with many guests has them: a pool of package files
 * that most guests share, private files, copies that differ only in mode, owner, mtime or an
 * extended attribute (which must stay apart), hard-link groups (one reaching into excluded /var),
 * setuid and setgid programs, file capabilities, symlinks, empty and tiny files, a FIFO and a
 * device node, names that are not UTF-8, and a dpkg database naming conffiles inside and outside /etc.
 */
final class GuestFarm {
    static final FileTime MTIME = FileTime.fromMillis(1_700_000_000_123L);
    private static final byte[] NON_UTF8 = {'l', 'a', 't', 'i', 'n', (byte) 0xe9, (byte) 0xff, '.', 'd', 'a', 't'};

    private final Path dir;
    private final int guests;
    private final int poolFiles;
    private final long seed;
    private final List<Path> roots = new ArrayList<>();
    private long files;

    private GuestFarm(Path dir, int guests, int poolFiles, long seed) {
        this.dir = dir;
        this.guests = guests;
        this.poolFiles = poolFiles;
        this.seed = seed;
    }

    /** {@code guests} guests under {@code dir}, each with about {@code poolFiles} package files and extras. */
    static GuestFarm build(Path dir, int guests, int poolFiles, long seed) throws IOException {
        GuestFarm f = new GuestFarm(dir, guests, poolFiles, seed);
        for (int g = 0; g < guests; g++) {
            f.roots.add(f.guest(g));
        }
        return f;
    }

    List<Path> roots() {
        return roots;
    }

    /** Regular files written, over all guests. */
    long files() {
        return files;
    }

    /** The guest roots as command-line arguments. */
    List<String> args() {
        return roots.stream().map(Path::toString).toList();
    }

    private Path guest(int g) throws IOException {
        Path root = Files.createDirectories(dir.resolve("guest" + g));
        Random r = new Random(seed * 31 + g);
        file(root, "etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"
                .getBytes(StandardCharsets.UTF_8), 0644);
        file(root, "var/lib/dpkg/status", dpkgStatus().getBytes(StandardCharsets.UTF_8), 0644);
        file(root, "usr/share/demo/defaults.conf", "defaults = 1\n".repeat(40).getBytes(StandardCharsets.UTF_8), 0644);
        file(root, "etc/issue", "Debian GNU/Linux 12 \\n \\l\n".repeat(3).getBytes(StandardCharsets.UTF_8), 0644);
        // the package pool: most guests have most files, byte for byte
        Random pool = new Random(seed);
        for (int i = 0; i < poolFiles; i++) {
            int size = pool.nextInt(10) == 0 ? 20_000 + pool.nextInt(200_000) : 16 + pool.nextInt(6000);
            long contentSeed = pool.nextLong();
            boolean present = r.nextInt(100) < 88;
            if (!present) {
                continue;
            }
            String path = "usr/lib/pkg" + (i % 40) + "/f" + i + (i % 7 == 0 ? ".so" : "");
            int mode = i % 5 == 0 ? 0755 : 0644;
            // a few copies differ from the pool in one attribute only; they must never share its object
            int variant = r.nextInt(200);
            Path p = file(root, path, random(contentSeed, size), mode);
            if (variant == 0) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(MTIME.toMillis() + 1));
            } else if (variant == 1) {
                Files.setAttribute(p, "unix:mode", 0600, LinkOption.NOFOLLOW_LINKS);
            } else if (variant == 2 && Hashify.isRoot()) {
                Files.setAttribute(p, "unix:uid", 1000 + g, LinkOption.NOFOLLOW_LINKS);
                Files.setLastModifiedTime(p, MTIME);
            } else if (variant == 3) {
                userXattr(p, "user.variant", "g" + g);
            }
            if (i % 97 == 3) {
                // a guest-local hard-link group, as gzip/gunzip/zcat
                Files.createLink(root.resolve(path + ".link1"), p);
                Files.createLink(root.resolve(path + ".link2"), p);
            }
            if (i % 211 == 5) {
                // a group reaching into excluded /var: the walk sees one of two names and must leave it alone
                Files.createDirectories(root.resolve("var/lib/keep"));
                Files.createLink(root.resolve("var/lib/keep/f" + i), p);
            }
        }
        // private files
        for (int i = 0; i < poolFiles / 10; i++) {
            file(root, "home/user/private" + (i % 10) + "/p" + i, random(r.nextLong(), 16 + r.nextInt(3000)), 0640);
            file(root, "srv/data/d" + i, random(r.nextLong(), 100 + r.nextInt(3000)), 0644);
        }
        // setuid and setgid programs, identical in every guest
        Path su = file(root, "usr/bin/su", random(seed + 1, 40_000), 0755);
        setOwner(su, 0, 0);
        Files.setAttribute(su, "unix:mode", 04755, LinkOption.NOFOLLOW_LINKS);
        Path wall = file(root, "usr/bin/wall", random(seed + 2, 20_000), 0755);
        setOwner(wall, 0, 5);
        Files.setAttribute(wall, "unix:mode", 02755, LinkOption.NOFOLLOW_LINKS);
        // file capabilities (security.capability); the last guest's ping has other ones
        Path ping = file(root, "usr/bin/ping", random(seed + 3, 30_000), 0755);
        capability(ping, g == guests - 1 ? 12 : 13);
        Files.setLastModifiedTime(ping, MTIME);
        // symlinks, relative, absolute and dangling
        symlink(root, "usr/lib/libdemo.so", "pkg1/f1");
        symlink(root, "usr/bin/awk", "/usr/bin/mawk");
        symlink(root, "usr/lib/dangling", "../nowhere/at/all");
        // empty and tiny files
        file(root, "usr/share/empty", new byte[0], 0644);
        file(root, "usr/share/tiny", "tiny".getBytes(StandardCharsets.UTF_8), 0644);
        // names that are no text, and names with a space or a newline
        rawFile(root.resolve("usr/share/names"), NON_UTF8, random(seed + 4, 5000));
        file(root, "usr/share/names/with space", random(seed + 5, 5000), 0644);
        file(root, "usr/share/names/new\nline", random(seed + 6, 5000), 0644);
        // identical files under excluded /etc and /var stay private
        file(root, "etc/ssh/moduli", random(seed + 7, 8000), 0644);
        file(root, "var/cache/apt/pkgcache.bin", random(seed + 8, 9000), 0644);
        // a FIFO and a device node, never opened
        LinuxFs fs = LinuxFs.get();
        int d = fs.openDirectoryPath(root.resolve("usr/share"), "usr/share");
        try {
            fs.mknod(d, "fifo".getBytes(StandardCharsets.US_ASCII), 0010644, 0, "mkfifo");
            if (Hashify.isRoot()) {
                fs.mknod(d, "null-device".getBytes(StandardCharsets.US_ASCII), 0020666, LinuxFs.makedev(1, 3), "mknod");
            }
        } finally {
            fs.close(d);
        }
        return root;
    }

    private static String dpkgStatus() {
        return """
                Package: base-files
                Status: install ok installed
                Architecture: amd64
                Version: 12.4
                Conffiles:
                 /etc/issue 0b2b1a6e8a2fd5bc3e8f5d23cd4a5c3f
                 /etc/os-release 1b2b1a6e8a2fd5bc3e8f5d23cd4a5c3f

                Package: demo
                Status: install ok installed
                Architecture: all
                Version: 1.0
                Conffiles:
                 /usr/share/demo/defaults.conf 2b2b1a6e8a2fd5bc3e8f5d23cd4a5c3f

                """;
    }

    Path file(Path root, String rel, byte[] content, int mode) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(p, MTIME);
        files++;
        return p;
    }

    private void rawFile(Path dirPath, byte[] name, byte[] content) throws IOException {
        Files.createDirectories(dirPath);
        LinuxFs fs = LinuxFs.get();
        int d = fs.openDirectoryPath(dirPath, dirPath.toString());
        try {
            int fd = fs.createExclusive(d, name, 0644, "raw name");
            try {
                fs.writeFully(fd, content, content.length, "raw name");
                fs.setModificationTime(fd, MTIME.toInstant().getEpochSecond(), MTIME.toInstant().getNano(), "raw name");
            } finally {
                fs.close(fd);
            }
        } finally {
            fs.close(d);
        }
        files++;
    }

    private static void symlink(Path root, String rel, String target) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    private static void setOwner(Path p, int uid, int gid) throws IOException {
        if (Hashify.isRoot()) {
            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
        Files.setLastModifiedTime(p, MTIME);
    }

    static void userXattr(Path p, String name, String value) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        v.write(name.substring("user.".length()), ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** A version-2 security.capability granting one permitted and effective capability (root only). */
    private static void capability(Path p, int cap) throws IOException {
        if (!Hashify.isRoot()) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x02000001).putInt(1 << cap).putInt(0).putInt(0).putInt(0);
        LinuxFs fs = LinuxFs.get();
        int d = fs.openDirectoryPath(p.getParent(), p.getParent().toString());
        try {
            int fd = fs.openForReading(d, p.getFileName().toString().getBytes(StandardCharsets.UTF_8), p.toString());
            try {
                fs.setXattr(fd, "security.capability", b.array(), p.toString());
            } finally {
                fs.close(fd);
            }
        } finally {
            fs.close(d);
        }
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
