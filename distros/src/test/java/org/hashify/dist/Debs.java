package org.hashify.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the test package "itest" with dpkg-deb: a binary, and configuration files in and outside /etc. */
final class Debs {
    private Debs() {
    }

    static Path itest(Path dir, String version, long binarySeed) throws Exception {
        Path pkg = dir.resolve("itest-" + version);
        Files.createDirectories(pkg.resolve("DEBIAN"));
        Files.writeString(pkg.resolve("DEBIAN/control"), """
                Package: itest
                Version: %s
                Architecture: all
                Maintainer: hashify tests <tests@example.invalid>
                Description: a package with configuration files inside and outside /etc
                """.formatted(version));
        Files.writeString(pkg.resolve("DEBIAN/conffiles"), "/etc/itest/main.conf\n/usr/share/itest/defaults.conf\n");
        payload(pkg, binarySeed);
        Path deb = dir.resolve("itest_" + version + "_all.deb");
        Hashify.Result b = Hashify.exec("dpkg-deb", "--root-owner-group", "--build", pkg.toString(), deb.toString());
        assertEquals(0, b.status(), b.err());
        return deb;
    }

    static void payload(Path root, long binarySeed) throws Exception {
        Files.createDirectories(root.resolve("etc/itest"));
        Files.createDirectories(root.resolve("usr/share/itest"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("etc/itest/main.conf"), "main = 1\n".repeat(10));
        Files.writeString(root.resolve("usr/share/itest/defaults.conf"), "defaults = 1\n".repeat(10));
        byte[] bin = new byte[20_000];
        new java.util.Random(binarySeed).nextBytes(bin);
        Files.write(root.resolve("usr/bin/itest"), bin);
        Files.setPosixFilePermissions(root.resolve("usr/bin/itest"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
