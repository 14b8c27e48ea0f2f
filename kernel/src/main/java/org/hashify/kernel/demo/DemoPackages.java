package org.hashify.kernel.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a demo guest look like Debian to hashify's detection and dpkg plugin: an os-release and a
 * dpkg status file whose packages list configuration files, one of them outside /etc, where only
 * the package database keeps it private.
 */
final class DemoPackages {
    static final String DEFAULTS_CONF = "usr/lib/demo/defaults.conf";

    private DemoPackages() {
    }

    static void debian(Path guest) throws IOException {
        write(guest.resolve("usr/lib/os-release"), """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                HOME_URL="https://www.debian.org/"
                """);
        Files.createDirectories(guest.resolve("etc"));
        Files.createSymbolicLink(guest.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
        write(guest.resolve("etc/debian_version"), "12.8\n");
        write(guest.resolve(DEFAULTS_CONF), "# defaults an administrator may edit\n".repeat(20));
        write(guest.resolve("var/lib/dpkg/status"), """
                Package: demo-base
                Status: install ok installed
                Priority: required
                Section: admin
                Installed-Size: 5000
                Maintainer: hashify demo <demo@example.invalid>
                Architecture: all
                Version: 1.0
                Conffiles:
                 /etc/demo.conf 00000000000000000000000000000000
                 /usr/lib/demo/defaults.conf 00000000000000000000000000000000
                Description: the demo's base system

                """);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, DemoGuests.MTIME);
    }
}
