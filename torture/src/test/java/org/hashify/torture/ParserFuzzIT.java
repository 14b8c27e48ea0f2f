package org.hashify.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.hashify.api.PackageDatabaseException;
import org.hashify.api.PackageManager;
import org.hashify.kernel.config.ConfigException;
import org.hashify.kernel.config.ConfigReader;
import org.hashify.kernel.distro.DescriptorException;
import org.hashify.kernel.distro.DistroCatalog;
import org.hashify.kernel.distro.DistroDetection;
import org.hashify.kernel.distro.OsRelease;
import org.hashify.kernel.distro.OsReleaseException;
import org.hashify.kernel.distro.UnknownDistributionException;
import org.hashify.kernel.plugin.PluginHost;
import org.hashify.kernel.walk.ExcludeList;
import org.hashify.kernel.walk.ExcludeListException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md Semantics 10, in process: every parser of guest or host input is fed seeded mutations of
 * a valid input. Only the documented checked exception may come out, with a one-line message; an
 * unchecked exception, an Error or a multi-line message is a bug. A failing case is written to
 * {@code target/torture-fuzz} with its seed.
 */
class ParserFuzzIT {
    @TempDir
    Path tmp;

    private final Map<String, Integer> cases = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    /** One parser: a mutated input in, the documented exception or nothing out. */
    private interface Target {
        void feed(byte[] input) throws Exception;
    }

    @Test
    void everyParserThrowsOnlyItsDocumentedException() throws Exception {
        int scale = Torture.count(1, 10);
        Map<String, PackageManager> pms = packageManagers();
        Path descriptors = Path.of(System.getProperty("hashify.home"), "distros");
        DistroCatalog catalog = DistroCatalog.load(List.of(descriptors));
        DistroDetection detection = new DistroDetection(catalog, List.of(), pms);

        fuzz("dpkg status", 2500 * scale, Corpus.DPKG_STATUS, in -> expectPackageDb(pms.get("dpkg"),
                guest().file("/etc/os-release", Corpus.bytes("ID=debian\n")).file("/var/lib/dpkg/status", in)));
        fuzz("dpkg journal", 500 * scale, Corpus.DPKG_STATUS, in -> expectPackageDb(pms.get("dpkg"),
                guest().file("/var/lib/dpkg/status", Corpus.DPKG_STATUS).file("/var/lib/dpkg/updates/0001", in)));
        fuzz("dpkg conffiles list", 700 * scale, Corpus.DPKG_CONFFILES, in -> expectPackageDb(pms.get("dpkg"),
                guest().file("/var/lib/dpkg/info/foo:amd64.conffiles", in)));
        fuzz("apk installed", 1500 * scale, Corpus.APK_INSTALLED, in -> expectPackageDb(pms.get("apk"),
                guest().file("/lib/apk/db/installed", in)));
        fuzz("apk protected paths", 400 * scale, Corpus.APK_PROTECTED, in -> expectPackageDb(pms.get("apk"),
                guest().file("/lib/apk/db/installed", Corpus.APK_INSTALLED).file("/etc/apk/protected_paths.d/x.list", in)));
        fuzz("pacman desc", 1000 * scale, Corpus.PACMAN_DESC, in -> expectPackageDb(pms.get("pacman"),
                guest().file("/var/lib/pacman/local/foo-1.0-1/desc", in)
                        .file("/var/lib/pacman/local/foo-1.0-1/files", Corpus.PACMAN_FILES)));
        fuzz("pacman files", 800 * scale, Corpus.PACMAN_FILES, in -> expectPackageDb(pms.get("pacman"),
                guest().file("/var/lib/pacman/local/foo-1.0-1/desc", Corpus.PACMAN_DESC)
                        .file("/var/lib/pacman/local/foo-1.0-1/files", in)));
        fuzz("rpm header blob", 400 * scale, Corpus.rpmHeader(), in -> expectPackageDb(pms.get("rpm"),
                guest().file("/var/lib/rpm/rpmdb.sqlite", sqlite(List.of(Corpus.rpmHeader(), in)))));
        byte[] rpmdb = sqlite(List.of(Corpus.rpmHeader()));
        fuzz("rpm sqlite file", 100 * scale, rpmdb, in -> expectPackageDb(pms.get("rpm"),
                guest().file("/var/lib/rpm/rpmdb.sqlite", in)));
        fuzz("os-release", 1500 * scale, Corpus.OS_RELEASE, in -> {
            try {
                OsRelease.parse("/etc/os-release", in);
            } catch (OsReleaseException e) {
                oneLine(e);
            }
        });
        fuzz("style files", 600 * scale, Corpus.bytes("Fedora release 39 (Thirty Nine)\n"), in -> {
            try {
                detection.detect(guest().file("/etc/redhat-release", in).file("/etc/debian_version", in)
                        .file("/etc/os-release", in).file("/etc/alpine-release", in));
            } catch (UnknownDistributionException e) {
                oneLine(e);
            }
        });
        Path excludeFile = tmp.resolve("exclude");
        fuzz("exclude list", 800 * scale, Corpus.EXCLUDE, in -> {
            Files.write(excludeFile, in);
            try {
                ExcludeList list = ExcludeList.read(excludeFile);
                list.isExcluded("/etc/passwd");
                list.isExcluded("/usr/lib/x");
            } catch (ExcludeListException e) {
                named(e, excludeFile);
            }
        });
        Path configFile = tmp.resolve("hashify.json");
        fuzz("configuration file", 800 * scale, Corpus.CONFIG, in -> {
            Files.write(configFile, in);
            try {
                ConfigReader.read(configFile, false);
            } catch (ConfigException e) {
                named(e, configFile);
            }
        });
        Path descriptorDir = Files.createDirectories(tmp.resolve("distros.d"));
        byte[] debian = Files.readAllBytes(descriptors.resolve("debian.json"));
        fuzz("distribution descriptor", 500 * scale, debian, in -> {
            Files.write(descriptorDir.resolve("mutant.json"), in);
            try {
                DistroCatalog.load(List.of(descriptors, descriptorDir));
            } catch (DescriptorException e) {
                named(e, descriptorDir.resolve("mutant.json"));
            }
        });
        Path pluginDir = Files.createDirectories(tmp.resolve("plugins"));
        byte[] manifest = pluginManifest();
        fuzz("plugin manifest", 40 * scale, manifest, in -> {
            writePluginJar(pluginDir.resolve("mutant.jar"), in);
            try (PluginHost host = PluginHost.load(List.of(pluginDir), "0.1.0")) {
                host.problems().forEach(p -> assertTrue(!p.contains("\n"), "one line: " + p));
            }
        });
        Path sourceJar = dpkgPluginJar();
        byte[] jarBytes = Files.readAllBytes(sourceJar);
        fuzz("plugin jar", 20 * scale, jarBytes, in -> {
            Files.write(pluginDir.resolve("mutant.jar"), in);
            try (PluginHost host = PluginHost.load(List.of(pluginDir), "0.1.0")) {
                host.problems().forEach(p -> assertTrue(!p.contains("\n"), "one line: " + p));
            }
        });

        long total = cases.values().stream().mapToLong(Integer::longValue).sum();
        Torture.log("fuzz: " + total + " cases " + cases + ", " + failures.size() + " failures");
        Torture.figure("fuzz.inProcess", total);
        assertEquals(List.of(), failures, failures.size() + " inputs broke a parser (inputs in target/torture-fuzz)");
    }

    private MemoryGuest guest() {
        return new MemoryGuest(tmp);
    }

    private void fuzz(String name, int n, byte[] seedInput, Target target) throws Exception {
        long base = Torture.seed() ^ name.hashCode();
        for (int i = 0; i < n; i++) {
            long seed = base + i;
            byte[] input = new Mutator(seed, 1 << 20).mutate(seedInput);
            try {
                target.feed(input);
            } catch (Throwable t) {
                if (failures.size() < 200) {
                    Path dir = Files.createDirectories(Path.of(System.getProperty("torture.figures", "target"))
                            .resolveSibling("torture-fuzz"));
                    Path saved = dir.resolve(name.replace(' ', '-') + "-" + seed + ".bin");
                    Files.write(saved, input);
                    java.io.StringWriter trace = new java.io.StringWriter();
                    t.printStackTrace(new java.io.PrintWriter(trace));
                    String first = trace.toString().lines().limit(6).reduce((a, b) -> a + " | " + b).orElse("");
                    failures.add(name + " seed " + seed + " (" + saved + "): " + first);
                }
            }
        }
        cases.merge(name, n, Integer::sum);
    }

    private static void expectPackageDb(PackageManager pm, MemoryGuest g) throws Exception {
        pm.isPresent(g);
        try {
            var list = pm.configFiles(g);
            list.warnings().forEach(w -> assertTrue(!w.contains("\n"), "a warning is one line: " + w));
        } catch (PackageDatabaseException e) {
            oneLine(e);
            assertTrue(e.guestPath() != null && e.guestPath().startsWith("/"), "names the database: " + e.guestPath());
        }
    }

    private static void oneLine(Exception e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message: " + e);
        assertTrue(!e.getMessage().contains("\n"), "a one-line message: " + e.getMessage());
    }

    private static void named(Exception e, Path file) {
        oneLine(e);
        assertTrue(e.getMessage().contains(file.getFileName().toString()), "the message names " + file + ": "
                + e.getMessage());
    }

    private static Map<String, PackageManager> packageManagers() {
        Map<String, PackageManager> pms = new TreeMap<>();
        for (String cls : List.of("org.hashify.plugin.dpkg.DpkgPackageManager", "org.hashify.plugin.rpm.RpmPackageManager",
                "org.hashify.plugin.apk.ApkPackageManager", "org.hashify.plugin.pacman.PacmanPackageManager")) {
            try {
                PackageManager pm = (PackageManager) Class.forName(cls).getDeclaredConstructor().newInstance();
                pms.put(pm.id(), pm);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("plugin class " + cls + " is missing", e);
            }
        }
        ServiceLoader.load(PackageManager.class).forEach(pm -> pms.putIfAbsent(pm.id(), pm));
        return pms;
    }

    private byte[] sqlite(List<byte[]> blobs) throws Exception {
        Path file = Files.createTempFile(tmp, "rpmdb", ".sqlite");
        Files.delete(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO Packages (blob) VALUES (?)")) {
                for (byte[] blob : blobs) {
                    insert.setBytes(1, blob);
                    insert.executeUpdate();
                }
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    private static Path dpkgPluginJar() throws Exception {
        try (var s = Files.list(Path.of(System.getProperty("hashify.home"), "plugins"))) {
            return s.filter(p -> p.getFileName().toString().contains("dpkg")).findFirst().orElseThrow();
        }
    }

    private static byte[] pluginManifest() throws Exception {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(dpkgPluginJar()))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.getManifest().write(out);
            return out.toByteArray();
        }
    }

    /** The dpkg plugin's jar with {@code manifest} as its META-INF/MANIFEST.MF. */
    private static void writePluginJar(Path target, byte[] manifest) throws Exception {
        writePluginJar(dpkgPluginJar(), target, manifest);
    }

    /** A copy of a plugin jar with {@code manifest} as its META-INF/MANIFEST.MF. */
    static void writePluginJar(Path source, Path target, byte[] manifest) throws Exception {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source));
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            out.putNextEntry(new JarEntry("META-INF/MANIFEST.MF"));
            out.write(manifest);
            out.closeEntry();
            JarEntry e;
            while ((e = in.getNextJarEntry()) != null) {
                out.putNextEntry(new JarEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
        }
    }

    /** Valid inputs to start from. */
    static final class Corpus {
        static final byte[] DPKG_STATUS = bytes("""
                Package: base-files
                Status: install ok installed
                Priority: required
                Architecture: amd64
                Multi-Arch: foreign
                Version: 12.4+deb12u5
                Description: Debian base system miscellaneous files
                 This package contains the basic filesystem hierarchy.
                Conffiles:
                 /etc/debian_version 1d4e2b2b2ef8e2c3f0e2a9d1c6b0a7d2
                 /etc/host.conf 4eb63731c9f5e30903ac4fc07a7fe3d6
                 /etc/issue 0b2b1a6e8a2fd5bc3e8f5d23cd4a5c3f obsolete
                 /usr/share/base-files/dot.bashrc 8b6ca9a0a7d6e0bb8f4e5c0e6d7b2a1f remove-on-upgrade

                Package: libc6
                Status: deinstall ok config-files
                Architecture: amd64
                Multi-Arch: same
                Conffiles:
                 /etc/ld.so.conf.d/x86_64-linux-gnu.conf d4e7a7b88a71b5ffd9e2644e71a0cfab

                """);
        static final byte[] DPKG_CONFFILES = bytes("/etc/foo/foo.conf\n/etc/foo/with space.conf\n"
                + "remove-on-upgrade /etc/foo/old.conf\n");
        static final byte[] APK_INSTALLED = bytes("""
                C:Q1lyzpFJqXUc0Nb0ZPgb8MBwP0LFo=
                P:alpine-baselayout
                V:3.4.3-r1
                A:x86_64
                F:etc
                R:motd
                Z:Q1XmduVVNURHQ27TvYp1Lr5TMtFcA=
                F:etc/crontabs
                R:root
                a:0:0:600
                Z:Q1vfk1apUWI4yLJGhhNRd0kJixfvY=
                F:usr/share/udhcpc
                R:default.script
                a:0:0:755

                C:Q1abc=
                P:busybox
                V:1.36.1-r5
                F:bin
                R:busybox
                a:0:0:755
                F:etc
                R:securetty

                """);
        static final byte[] APK_PROTECTED = bytes("+etc\n@etc/init.d\n!etc/apk\n-etc/ssl/certs/ca-cert-*.pem\n");
        static final byte[] PACMAN_DESC = bytes("%NAME%\nfoo\n\n%VERSION%\n1.0-1\n\n%ARCH%\nx86_64\n\n"
                + "%BACKUP%\netc/foo.conf\t0123456789abcdef0123456789abcdef\n\n");
        static final byte[] PACMAN_FILES = bytes("%FILES%\netc/\netc/foo.conf\nusr/\nusr/bin/\nusr/bin/foo\n\n"
                + "%BACKUP%\netc/foo.conf\t0123456789abcdef0123456789abcdef\netc/bar.conf\tabcdef\n\n");
        static final byte[] OS_RELEASE = bytes("""
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                ID_LIKE='ubuntu debian'
                HOME_URL="https://www.debian.org/"
                # a comment
                ESCAPED="a \\"quoted\\" \\$word \\\\ here"
                """);
        static final byte[] EXCLUDE = bytes("# util-vserver's vunify list\n/etc/*\n+/etc/termcap\n~/var/cache\n/var\n"
                + "/usr/share/**/*.pyc\n-/tmp\n/home\n/root/*\n/usr/lib/[abc]*.so\n/opt/??x\n");
        static final byte[] CONFIG = bytes("""
                {
                  "store": "/vservers/.hash",
                  "minSize": 16,
                  "ignoreMtime": false,
                  "exclude": "/etc/hashify/exclude",
                  "guests": ["/vservers/web1", {"root": "/vservers/web2", "distro": "debian"}],
                  "pluginDirs": ["/etc/hashify/plugins"],
                  "distroDirs": ["/etc/hashify/distros.d"]
                }
                """);

        static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        /** An rpm header (SQLite layout: no magic) for a package with two configuration files. */
        static byte[] rpmHeader() {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            List<int[]> index = new ArrayList<>();
            index.add(entry(1000, 6, data.size(), 1));
            data.writeBytes(bytes("itest\0"));
            index.add(entry(1117, 8, data.size(), 2));
            data.writeBytes(bytes("main.conf\0defaults.conf\0"));
            index.add(entry(1118, 8, data.size(), 2));
            data.writeBytes(bytes("/etc/itest/\0/usr/share/itest/\0"));
            while (data.size() % 4 != 0) {
                data.write(0);
            }
            index.add(entry(1116, 4, data.size(), 2));
            data.writeBytes(ByteBuffer.allocate(8).putInt(0).putInt(1).array());
            index.add(entry(1037, 4, data.size(), 2));
            data.writeBytes(ByteBuffer.allocate(8).putInt(1).putInt(1).array());
            byte[] store = data.toByteArray();
            ByteBuffer blob = ByteBuffer.allocate(8 + 16 * index.size() + store.length);
            blob.putInt(index.size()).putInt(store.length);
            for (int[] e : index) {
                blob.putInt(e[0]).putInt(e[1]).putInt(e[2]).putInt(e[3]);
            }
            return blob.put(store).array();
        }

        private static int[] entry(int tag, int type, int offset, int count) {
            return new int[] {tag, type, offset, count};
        }
    }
}
