package org.hashify.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small real guests that can run the real dpkg inside: Debian's static busybox for the shell and
 * tools, and the host's own dpkg, dpkg-deb, dpkg-query and tar with the libraries they link.
 */
final class DpkgGuests {
    private static final List<String> PROGRAMS = List.of("/usr/bin/dpkg", "/usr/bin/dpkg-deb", "/usr/bin/dpkg-query",
            "/usr/bin/dpkg-split",
            "/usr/bin/tar");
    private static final Pattern LIBRARY = Pattern.compile("(/\\S+)");

    private DpkgGuests() {
    }

    static boolean possible() {
        return Files.isExecutable(Path.of("/bin/busybox")) && PROGRAMS.stream().allMatch(p -> Files.isExecutable(Path.of(p)))
                && Hashify.available("ldd");
    }

    static void build(Path root) throws Exception {
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "tmp", "proc", "sys", "dev", "etc",
                "var/lib/dpkg/info", "var/lib/dpkg/updates")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "rm", "mv", "cp", "ln", "mkdir", "cat", "ls", "diff", "echo")) {
            Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
        }
        for (String stub : List.of("sbin/ldconfig", "usr/sbin/start-stop-daemon")) {
            Files.writeString(root.resolve(stub), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(root.resolve(stub), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Set<String> copied = new java.util.HashSet<>();
        for (String program : PROGRAMS) {
            copy(root, program, copied);
            for (String lib : libraries(program)) {
                copy(root, lib, copied);
            }
        }
    }

    private static void copy(Path root, String file, Set<String> done) throws IOException {
        if (!done.add(file)) {
            return;
        }
        Path target = root.resolve(file.substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(Path.of(file), target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static List<String> libraries(String program) throws Exception {
        Hashify.Result r = Hashify.exec("ldd", program);
        List<String> libs = new ArrayList<>();
        Matcher m = LIBRARY.matcher(r.out());
        while (m.find()) {
            libs.add(Path.of(m.group(1)).toRealPath().toString());
            libs.add(m.group(1));
        }
        return libs;
    }
}
