package org.hashify.torture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Makes a guest able to run commands in a chroot: Debian's static busybox as its shell and tools. */
final class Busybox {
    private Busybox() {
    }

    static void install(Path root) throws IOException {
        for (String d : List.of("bin", "tmp", "proc", "sys", "dev")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : List.of("sh", "echo", "cat", "cp", "mv", "rm", "sleep", "true")) {
            Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
        }
    }
}
