package org.hashify.kernel.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;

/**
 * Builds three small guests with a realistic overlap: the same base system in each, an extra
 * package in one, a patched binary in another, per-guest configuration, a setuid binary, a binary
 * with a file capability (when run as root), a guest-local hard link and a symlink.
 */
public final class DemoGuests {
    /** Every generated file gets this modification time, so copies are identical as package files are. */
    static final FileTime MTIME = FileTime.fromMillis(1_735_689_600_000L); // 2025-01-01
    /** {@code cap_net_raw=ep} as the kernel stores it in security.capability (VFS_CAP_REVISION_2). */
    private static final byte[] CAP_NET_RAW = {1, 0, 0, 2, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    /** What was built. */
    public record Result(List<Path> guests, boolean capabilitySet, String capabilityNote) {
    }

    private DemoGuests() {
    }

    public static Result create(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> guests = new ArrayList<>();
        boolean capability = true;
        String note = null;
        for (String name : List.of("alpha", "beta", "gamma")) {
            Path g = dir.resolve(name);
            if (Files.exists(g)) {
                throw new IOException(g + " exists already; name an empty or new directory for the demo");
            }
            base(g, name);
            DemoPackages.debian(g);
            if (name.equals("gamma")) {
                extraPackage(g);
            }
            if (name.equals("beta")) {
                patched(g.resolve("usr/bin/tool"));
            }
            String capProblem = capability(g.resolve("usr/bin/ping"));
            if (capProblem != null) {
                capability = false;
                note = capProblem;
            }
            guests.add(g);
        }
        return new Result(guests, capability, note);
    }

    private static void base(Path g, String name) throws IOException {
        Random seeded = new Random(42);
        for (int i = 0; i < 40; i++) {
            write(g.resolve(String.format("usr/bin/prog%02d", i)), bytes(seeded, 8 * 1024 + seeded.nextInt(120 * 1024)), "rwxr-xr-x");
        }
        for (int i = 0; i < 12; i++) {
            write(g.resolve(String.format("usr/lib/libdemo%02d.so.1", i)), bytes(seeded, 64 * 1024 + seeded.nextInt(256 * 1024)), "rw-r--r--");
        }
        for (int i = 0; i < 30; i++) {
            write(g.resolve(String.format("usr/share/doc/pkg%02d/README", i)),
                    ("Documentation of package " + i + "\n").repeat(40).getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        }
        write(g.resolve("usr/bin/tool"), bytes(seeded, 200 * 1024), "rwxr-xr-x");
        write(g.resolve("usr/bin/passwd"), bytes(seeded, 60 * 1024), "rwsr-xr-x");
        write(g.resolve("usr/bin/ping"), bytes(seeded, 70 * 1024), "rwxr-xr-x");
        write(g.resolve("usr/bin/gzip"), bytes(seeded, 90 * 1024), "rwxr-xr-x");
        Files.createLink(g.resolve("usr/bin/gunzip"), g.resolve("usr/bin/gzip"));
        Files.createSymbolicLink(g.resolve("usr/bin/sh"), Path.of("prog00"));
        write(g.resolve("etc/demo.conf"), "# the demo's configuration file: never shared\nlisten = 80\n"
                .getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        write(g.resolve("etc/hostname"), (name + "\n").getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        write(g.resolve("var/log/messages"), ("booted " + name + "\n").repeat(100).getBytes(StandardCharsets.UTF_8), "rw-r-----");
        // setuid bits are dropped by chmod from PosixFilePermissions; set the full mode via the unix view
        Files.setAttribute(g.resolve("usr/bin/passwd"), "unix:mode", 04755);
        Files.setLastModifiedTime(g.resolve("usr/bin/passwd"), MTIME);
    }

    private static void extraPackage(Path g) throws IOException {
        Random seeded = new Random(7);
        for (int i = 0; i < 20; i++) {
            write(g.resolve(String.format("usr/lib/python3/mod%02d.py", i)), bytes(seeded, 4 * 1024 + seeded.nextInt(40 * 1024)), "rw-r--r--");
        }
    }

    private static void patched(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        content[content.length / 2] ^= 0x5a;
        Files.write(file, content);
        Files.setLastModifiedTime(file, MTIME);
    }

    /** Gives a file cap_net_raw; returns why not when that is impossible (not root, no xattr support). */
    private static String capability(Path file) throws IOException {
        LinuxFs fs = LinuxFs.get();
        int dir = fs.openDirectoryPath(file.getParent(), file.getParent().toString());
        try {
            int fd = fs.openForReading(dir, file.getFileName().toString().getBytes(StandardCharsets.UTF_8), file.toString());
            try {
                fs.setXattr(fd, "security.capability", CAP_NET_RAW, file.toString());
                return null;
            } catch (OsException e) {
                return "the file capability of usr/bin/ping could not be set (" + e.getMessage() + "); run as root to see it";
            } finally {
                fs.close(fd);
            }
        } finally {
            fs.close(dir);
        }
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static void write(Path file, byte[] content, String perms) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms.replace('s', 'x')));
        Files.setLastModifiedTime(file, MTIME);
    }
}
