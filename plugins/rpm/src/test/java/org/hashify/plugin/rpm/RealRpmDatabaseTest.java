package org.hashify.plugin.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hashify.api.ConfigFile;
import org.hashify.api.PackageDatabaseException;
import org.junit.jupiter.api.BeforeAll;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds two packages with the real rpmbuild, installs them into a guest root with the real rpm,
 * and checks that the plugin lists exactly what {@code rpm -qac} lists for that root.
 */
class RealRpmDatabaseTest {
    private static final String ALPHA_SPEC = """
            Name: alpha
            Version: 1.0
            Release: 1
            Summary: hashify test package alpha
            License: MIT
            BuildArch: noarch

            %description
            A package with plain, noreplace and ghost configuration files.

            %install
            mkdir -p %{buildroot}/etc/alpha %{buildroot}/usr/share/alpha
            echo main > %{buildroot}/etc/alpha/main.conf
            echo keep > %{buildroot}/etc/alpha/keep.conf
            echo defaults > %{buildroot}/usr/share/alpha/defaults.conf
            echo data > %{buildroot}/usr/share/alpha/data.txt

            %files
            %dir /etc/alpha
            %config /etc/alpha/main.conf
            %config(noreplace) /etc/alpha/keep.conf
            %ghost %config /etc/alpha/state.conf
            %config /usr/share/alpha/defaults.conf
            /usr/share/alpha/data.txt
            """;

    private static final String BETA_SPEC = """
            Name: beta
            Version: 2.0
            Release: 1
            Summary: hashify test package beta
            License: MIT
            BuildArch: noarch

            %description
            A package with awkward configuration file names (one not UTF-8) and a program.

            %install
            mkdir -p %{buildroot}/etc/beta/conf.d %{buildroot}/usr/bin
            echo a > "%{buildroot}/etc/beta/with space.conf"
            echo b > %{buildroot}/etc/beta/café.conf
            echo l > "%{buildroot}/etc/beta/latin$(printf '\\351\\377').conf"
            echo c > %{buildroot}/etc/beta/conf.d/one.conf
            echo d > %{buildroot}/usr/bin/beta

            %files
            %config(noreplace) "/etc/beta/with space.conf"
            %config /etc/beta/café.conf
            %config /etc/beta/latin*.conf
            %config(missingok) /etc/beta/conf.d/one.conf
            %attr(0755,root,root) /usr/bin/beta
            """;

    /** The beta package's configuration file whose name is ISO-8859-1 "latinéÿ.conf", not UTF-8. */
    private static final byte[] LATIN1_NAME = "/etc/beta/latin\u00e9\u00ff.conf".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    static Path build;

    private static List<String> packages;

    @TempDir
    Path tmp;

    private Path root;

    private ConfinedGuestFiles guest;

    @BeforeAll
    static void buildPackages() throws Exception {
        assumeTrue(Commands.find("rpmbuild").isPresent(), "rpmbuild is not installed (Debian package rpm)");
        assumeTrue(Commands.find("rpm").isPresent(), "rpm is not installed (Debian package rpm)");
        assumeTrue(Commands.runningAsRoot(), "installing into a guest root with rpm needs root");
        Path specs = Files.createDirectories(build.resolve("SPECS"));
        Files.writeString(specs.resolve("alpha.spec"), ALPHA_SPEC, StandardCharsets.UTF_8);
        Files.writeString(specs.resolve("beta.spec"), BETA_SPEC, StandardCharsets.UTF_8);
        for (String spec : List.of("alpha.spec", "beta.spec")) {
            // rpmbuild 4.13 on refuses names that are not UTF-8, older ones did not: guests hold such packages.
            Commands.run(build, "rpmbuild", "-bb", "--define", "_topdir " + build,
                    "--define", "_invalid_encoding_terminates_build 0", "SPECS/" + spec);
        }
        try (Stream<Path> rpms = Files.walk(build.resolve("RPMS"))) {
            packages = rpms.filter(p -> p.toString().endsWith(".rpm")).map(Path::toString).sorted()
                    .collect(Collectors.toList());
        }
        assertEquals(2, packages.size(), packages.toString());
    }

    @BeforeEach
    void createRoot() throws Exception {
        root = Files.createDirectory(tmp.resolve("guest"));
        guest = ConfinedGuestFiles.open("real", root);
    }

    @AfterEach
    void closeGuest() {
        guest.close();
    }

    @Test
    void sqliteDatabaseListsWhatRpmLists() throws Exception {
        install("/var/lib/rpm");
        Path dbDir = root.resolve("var/lib/rpm");
        // rpm leaves an empty log and its index beside the database; the plugin must not bring them back.
        Files.deleteIfExists(dbDir.resolve("rpmdb.sqlite-wal"));
        Files.deleteIfExists(dbDir.resolve("rpmdb.sqlite-shm"));
        List<String> before = names(dbDir);
        RpmPackageManager rpm = new RpmPackageManager(Optional::empty);

        assertTrue(rpm.isPresent(guest));
        Set<ConfigFile> listed = new HashSet<>(rpm.configFiles(guest).files());

        // Checked before rpm itself queries the root below, which does write its log and index.
        assertEquals(before, names(dbDir), "nothing written beside the guest's database");
        assertEquals(expected("/var/lib/rpm"), listed);
        assertEquals(pathsOfQac("/var/lib/rpm"), listed.stream().map(ConfigFile::rawPath).collect(Collectors.toSet()));
        assertTrue(listed.contains(new ConfigFile("/etc/alpha/state.conf", "alpha")), "a %ghost %config file counts");
        assertTrue(listed.contains(ConfigFile.ofText("/etc/beta/café.conf", "beta")), listed.toString());
        assertTrue(listed.contains(ConfigFile.ofBytes(LATIN1_NAME, "beta")), "a name that is not UTF-8, byte for byte");
    }

    @Test
    void readsTheSysimageLocation() throws Exception {
        install("/usr/lib/sysimage/rpm");

        Set<ConfigFile> listed = new HashSet<>(new RpmPackageManager(Optional::empty).configFiles(guest).files());

        assertEquals(expected("/usr/lib/sysimage/rpm"), listed);
    }

    @Test
    void berkeleyDbIsReadThroughTheHostRpm() throws Exception {
        Optional<Path> dbLoad = Commands.find("db_load", "db5.3_load");
        assumeTrue(dbLoad.isPresent(), "db_load is not installed (Debian package db-util)");
        assumeTrue(HostRpm.find().isPresent(), "rpmdb is not installed (Debian package rpm)");
        install("/var/lib/rpm");
        Set<ConfigFile> expected = expected("/var/lib/rpm");
        Path dbDir = root.resolve("var/lib/rpm");
        Path dump = tmp.resolve("packages.dump");
        Files.writeString(dump, berkeleyDump(blobs(dbDir.resolve("rpmdb.sqlite"))));
        try (Stream<Path> files = Files.list(dbDir)) {
            for (Path file : files.collect(Collectors.toList())) {
                Files.delete(file);
            }
        }
        Commands.run(tmp, dbLoad.get().toString(), "-f", dump.toString(), dbDir.resolve("Packages").toString());

        Set<ConfigFile> listed = new HashSet<>(new RpmPackageManager().configFiles(guest).files());

        assertEquals(expected, listed);
        assertEquals(List.of("Packages"), names(dbDir), "the host's rpm worked on a copy");
    }

    @Test
    void aDatabaseTheHostRpmCannotReadIsAnErrorNotAnEmptyList() throws Exception {
        assumeTrue(HostRpm.find().isPresent(), "rpmdb is not installed (Debian package rpm)");
        Path ndb = Files.createDirectories(root.resolve("var/lib/rpm")).resolve("Packages.db");
        Files.write(ndb, new byte[8192]);

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> new RpmPackageManager().configFiles(guest));

        assertEquals("/var/lib/rpm/Packages.db", e.guestPath());
        assertTrue(e.getMessage().contains("NDB"), e.getMessage());
    }

    /** Real headers, garbled: the parser fails cleanly or copes, never with another exception. */
    @Test
    void survivesGarbledRealHeaders() throws Exception {
        install("/var/lib/rpm");
        Random random = new Random(4);
        for (byte[] blob : blobs(root.resolve("var/lib/rpm/rpmdb.sqlite"))) {
            for (int round = 0; round < 5_000; round++) {
                byte[] garbled = blob.clone();
                garbled[random.nextInt(round % 2 == 0 ? Math.min(blob.length, 1024) : blob.length)] ^= 1 << random.nextInt(8);
                try {
                    ConfigFileExtractor.extract(RpmHeader.parse(garbled));
                } catch (MalformedHeaderException expected) {
                    // the only acceptable failure
                }
            }
        }
    }

    private String[] rpm(String dbPath, String... args) {
        List<String> command = new ArrayList<>(List.of("rpm", "--root", root.toString(),
                "--define", "_dbpath " + dbPath, "--define", "_db_backend sqlite"));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    private void install(String dbPath) throws Exception {
        List<String> args = new ArrayList<>(List.of("--nodeps", "--noscripts", "-i"));
        args.addAll(packages);
        Commands.run(tmp, rpm(dbPath, args.toArray(String[]::new)));
        assertTrue(Files.isRegularFile(root.resolve(dbPath.substring(1)).resolve("rpmdb.sqlite")),
                "rpm wrote an SQLite database");
    }

    /** Every file rpm itself flags %config, with its package; paths as raw text, so that bytes are compared. */
    private Set<ConfigFile> expected(String dbPath) throws Exception {
        String out = Commands.run(tmp, rpm(dbPath, "-qa", "--qf", "[%{FILEFLAGS}\\t%{=NAME}\\t%{FILENAMES}\\n]")).out();
        Set<ConfigFile> expected = new HashSet<>();
        for (String line : out.lines().collect(Collectors.toList())) {
            String[] fields = line.split("\t", 3);
            if ((Integer.parseInt(fields[0]) & ConfigFileExtractor.RPMFILE_CONFIG) != 0) {
                expected.add(new ConfigFile(fields[2], fields[1]));
            }
        }
        assertEquals(8, expected.size(), expected.toString());
        return expected;
    }

    private Set<String> pathsOfQac(String dbPath) throws Exception {
        return Commands.run(tmp, rpm(dbPath, "-qac")).out().lines()
                .filter(line -> line.startsWith("/")).collect(Collectors.toSet());
    }

    private static List<byte[]> blobs(Path sqlite) throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        try (Connection c = SqliteFixture.open(sqlite); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT blob FROM Packages ORDER BY hnum")) {
            while (rows.next()) {
                blobs.add(rows.getBytes(1));
            }
        }
        return blobs;
    }

    /**
     * The headers as a Berkeley DB hash in db_load's dump format, keyed as rpm keys them: the header
     * number in native byte order, plus record 0 holding the next free number.
     */
    private static String berkeleyDump(List<byte[]> blobs) {
        HexFormat hex = HexFormat.of();
        StringBuilder dump = new StringBuilder("VERSION=3\nformat=bytevalue\ntype=hash\nHEADER=END\n");
        dump.append(' ').append(hex.formatHex(nativeInt(0))).append("\n ")
                .append(hex.formatHex(nativeInt(blobs.size() + 1))).append('\n');
        for (int i = 0; i < blobs.size(); i++) {
            dump.append(' ').append(hex.formatHex(nativeInt(i + 1))).append("\n ")
                    .append(hex.formatHex(blobs.get(i))).append('\n');
        }
        return dump.append("DATA=END\n").toString();
    }

    private static byte[] nativeInt(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
