package org.hashify.plugin.dpkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hashify.api.ConfigFile;
import org.hashify.api.ConfigFileList;
import org.hashify.api.GuestFiles;
import org.hashify.api.PackageDatabaseException;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.hashify.plugin.support.ExtensionIndexes;
import org.hashify.plugin.support.RawText;
import org.hashify.plugin.support.RealTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs real packages with dpkg into a guest root and compares the plugin with dpkg-query. */
class DpkgPackageManagerTest {

    @TempDir
    Path work;

    private Path root;
    private final DpkgPackageManager dpkg = new DpkgPackageManager();
    private final List<ConfinedGuestFiles> opened = new ArrayList<>();

    @BeforeEach
    void createGuestRoot() throws IOException {
        root = work.resolve("guest");
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
    }

    @AfterEach
    void closeGuests() {
        opened.forEach(ConfinedGuestFiles::close);
    }

    @Test
    void listsWhatDpkgQueryListsAcrossInstallUpgradeRemoveAndPurge() throws Exception {
        RealTools.assumeInstalled("dpkg-deb", "dpkg");
        String arch = RealTools.run(work, List.of("dpkg", "--print-architecture")).strip();
        install(deb("alpha", "1.0", "all", false, "/etc/alpha.conf"),
                deb("beta", "1.0", "all", false,
                        "/etc/beta/one.conf", "/etc/beta/two.conf", "/etc/beta/with space.conf"),
                deb("gamma", "1.0", arch, true, "/etc/gamma.conf"));
        assertSameAsDpkgQuery(5);
        assertTrue(dpkg.configFiles(guest()).files().contains(new ConfigFile("/etc/gamma.conf", "gamma:" + arch)));

        // The upgrade drops two conffiles: dpkg keeps them on disk, flagged obsolete.
        install(deb("beta", "2.0", "all", false, "/etc/beta/one.conf"));
        assertSameAsDpkgQuery(5);

        // Removal leaves the package in state config-files, its conffiles still on disk.
        dpkgRun("-r", "alpha");
        assertTrue(RealTools.run(work, query("${Status}")).contains("config-files"));
        assertSameAsDpkgQuery(5);

        dpkgRun("-P", "alpha");
        assertSameAsDpkgQuery(4);
    }

    /** The machine running the tests is a real, large dpkg database when it is Debian-like. */
    @Test
    void readsThisMachinesOwnDatabaseAsDpkgQueryDoes() throws Exception {
        RealTools.assumeInstalled("dpkg-query", "dpkg");
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(DpkgPackageManager.STATUS)), "this machine has no dpkg");
        Set<String> expected = dpkgQueryConffiles(Path.of(DpkgPackageManager.ADMIN_DIR));

        ConfigFileList result = dpkg.configFiles(guest("host", Path.of("/")));

        assertEquals(expected, paths(result.files()));
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void fallsBackToInfoListsWhenTheStatusFileIsGone() throws Exception {
        RealTools.assumeInstalled("dpkg-deb", "dpkg");
        install(deb("alpha", "1.0", "all", false, "/etc/alpha.conf"),
                deb("beta", "1.0", "all", false, "/etc/beta/one.conf", "/etc/beta/with space.conf"));
        Set<String> expected = dpkgQueryConffiles();

        Files.delete(root.resolve("var/lib/dpkg/status"));

        assertTrue(dpkg.isPresent(guest()));
        assertEquals(expected, paths(dpkg.configFiles(guest()).files()));
    }

    /**
     * A conffile whose name is not UTF-8 must still be listed, byte for byte: one that could not be
     * named would be shared. dpkg takes such names as they are.
     */
    @Test
    void listsAConffileWhoseNameIsNotUtf8ByteForByte() throws Exception {
        RealTools.assumeInstalled("dpkg-deb", "dpkg");
        String latin1 = RawText.of(new byte[] {'/', 'e', 't', 'c', '/', 'c', 'a', 'f', (byte) 0xe9, (byte) 0xff});
        String utf8 = RawText.ofText("/etc/café/ünï.conf");
        install(deb("latin", "1.0", "all", false, latin1, utf8, "/etc/plain.conf"));

        ConfigFileList result = dpkg.configFiles(guest());

        assertEquals(Set.of(latin1, utf8, "/etc/plain.conf"), dpkgQueryConffiles());
        assertEquals(dpkgQueryConffiles(), paths(result.files()));
        assertTrue(result.files().contains(ConfigFile.ofBytes(latin1.getBytes(StandardCharsets.ISO_8859_1), "latin")));
        assertTrue(result.files().contains(ConfigFile.ofText("/etc/café/ünï.conf", "latin")));
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void replaysTheJournalOfAnInterruptedRun() throws Exception {
        Files.writeString(root.resolve("var/lib/dpkg/status"),
                "Package: a\nStatus: install ok installed\nConffiles:\n /etc/a.old 00\n");
        Files.writeString(root.resolve("var/lib/dpkg/updates/0001"),
                "Package: a\nStatus: install ok unpacked\nConffiles:\n /etc/a.new 00\n");
        Files.writeString(root.resolve("var/lib/dpkg/updates/tmp.i"), "half-written garbage");

        assertEquals(List.of(new ConfigFile("/etc/a.new", "a")), dpkg.configFiles(guest()).files());
    }

    @Test
    void isAbsentFromAGuestWithoutADpkgDatabase() throws Exception {
        Path other = Files.createDirectories(work.resolve("other/etc"));

        assertFalse(dpkg.isPresent(guest("other", other.getParent())));
        assertTrue(dpkg.isPresent(guest()));
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> dpkg.configFiles(guest("other", other.getParent())));
        assertTrue(e.getMessage().contains("other"), e.getMessage());
    }

    @Test
    void refusesAStatusFileThatIsASymlink() throws Exception {
        Path status = root.resolve("var/lib/dpkg/status");
        Files.delete(status);
        Files.writeString(work.resolve("host-file"), "Package: host\nStatus: install ok installed\n");
        Files.createSymbolicLink(status, work.resolve("host-file"));

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> dpkg.configFiles(guest()));

        assertEquals(DpkgPackageManager.STATUS, e.guestPath());
        assertTrue(e.getMessage().contains("guest"), e.getMessage());
    }

    @Test
    void refusesAGarbledStatusFileNamingIt() throws Exception {
        Files.writeString(root.resolve("var/lib/dpkg/status"), "Package: a\nStatus: install ok installed\nConffi");

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> dpkg.configFiles(guest()));

        assertTrue(e.getMessage().contains("/var/lib/dpkg/status is damaged: line 3"), e.getMessage());
    }

    /** pf4j finds extensions only through the index its annotation processor writes. */
    @Test
    void isListedInThePf4jExtensionIndex() throws Exception {
        String entries = ExtensionIndexes.read(DpkgPackageManager.class.getClassLoader());
        assertTrue(entries.lines().anyMatch(DpkgPackageManager.class.getName()::equals),
                "not in any META-INF/extensions.idx (is pf4j in annotationProcessorPaths?): " + entries);
        assertEquals("dpkg", new DpkgPackageManager().id());
    }

    private void assertSameAsDpkgQuery(int expectedCount) throws Exception {
        Set<String> expected = dpkgQueryConffiles();
        assertEquals(expectedCount, expected.size(), expected::toString);
        ConfigFileList result = dpkg.configFiles(guest());
        assertEquals(expected, paths(result.files()));
        assertEquals(List.of(), result.warnings());
    }

    private GuestFiles guest() throws IOException {
        return guest("guest", root);
    }

    /** The kernel's confined view of a guest root, closed after the test. */
    private GuestFiles guest(String guestName, Path guestRoot) throws IOException {
        ConfinedGuestFiles guest = ConfinedGuestFiles.open(guestName, guestRoot);
        opened.add(guest);
        return guest;
    }

    /** The raw paths (one char per byte), so that comparisons with dpkg-query compare bytes. */
    private static Set<String> paths(List<ConfigFile> files) {
        Set<String> paths = new TreeSet<>();
        files.forEach(f -> paths.add(f.rawPath()));
        assertEquals(files.size(), paths.size(), "each path is listed once");
        return paths;
    }

    private Set<String> dpkgQueryConffiles() throws Exception {
        return dpkgQueryConffiles(root.resolve("var/lib/dpkg"));
    }

    /** The conffile paths dpkg-query reports, raw, read from its " path hash [flag]" lines. */
    private Set<String> dpkgQueryConffiles(Path adminDir) throws Exception {
        Set<String> paths = new TreeSet<>();
        List<String> command = List.of("dpkg-query", "--admindir=" + adminDir, "-W", "-f=${Conffiles}\\n");
        for (String line : RealTools.run(work, command).split("\n")) {
            String entry = line.strip().replaceFirst(" (obsolete|remove-on-upgrade)$", "");
            if (!entry.isEmpty()) {
                paths.add(entry.substring(0, entry.lastIndexOf(' ')));
            }
        }
        return paths;
    }

    private List<String> query(String format) {
        return List.of("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W", "-f=" + format);
    }

    private void install(Path... debs) throws Exception {
        List<String> args = new ArrayList<>(List.of("-i"));
        for (Path deb : debs) {
            args.add(deb.toString());
        }
        dpkgRun(args.toArray(String[]::new));
    }

    private void dpkgRun(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root,
                "--force-not-root", "--force-script-chrootless", "--force-unsafe-io", "--no-debsig"));
        command.addAll(List.of(args));
        RealTools.run(work, command);
    }

    /** Builds a .deb whose only files are the given conffiles, named as raw text (one char per byte). */
    private Path deb(String name, String version, String arch, boolean multiArchSame, String... conffiles)
            throws Exception {
        Path tree = work.resolve("build/" + name + "-" + version);
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.writeString(tree.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: " + version
                + "\nArchitecture: " + arch + (multiArchSame ? "\nMulti-Arch: same" : "")
                + "\nMaintainer: hashify tests <tests@hashify.invalid>\nDescription: test package\n");
        StringBuilder list = new StringBuilder();
        for (String conffile : conffiles) {
            RealTools.writeRawNamed(tree, conffile.substring(1), name + " " + version + "\n");
            list.append(conffile).append('\n');
        }
        Files.write(tree.resolve("DEBIAN/conffiles"), list.toString().getBytes(StandardCharsets.ISO_8859_1));
        Path deb = work.resolve(name + "_" + version + ".deb");
        RealTools.run(work, List.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString()));
        return deb;
    }
}
