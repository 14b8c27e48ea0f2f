package org.hashify.plugin.pacman;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs real packages with pacman into a guest root and compares the plugin with pacman -Qii. */
class PacmanPackageManagerTest {

    @TempDir
    Path work;

    private Path root;
    private final PacmanPackageManager pacman = new PacmanPackageManager();
    private final List<ConfinedGuestFiles> opened = new ArrayList<>();

    @BeforeEach
    void createGuestRoot() throws Exception {
        root = work.resolve("guest");
        Files.createDirectories(root.resolve("var/lib/pacman"));
        Files.writeString(work.resolve("pacman.conf"),
                "[options]\nArchitecture = auto\nSigLevel = Never\nLocalFileSigLevel = Never\n");
    }

    @AfterEach
    void closeGuests() {
        opened.forEach(ConfinedGuestFiles::close);
    }

    @Test
    void listsWhatPacmanListsAcrossInstallAndRemove() throws Exception {
        RealTools.assumeInstalled("pacman", "pacman-package-manager");
        pacmanRun("-U", pkg("foo", "etc/foo/foo.conf", "etc/foo/other.conf", "etc/foo/with space.conf"),
                pkg("bar", "etc/bar.conf"), pkg("plain"));
        assertSameAsPacman(4);
        assertTrue(pacman.configFiles(guest()).files().contains(new ConfigFile("/etc/bar.conf", "bar")));

        pacmanRun("-R", "foo");
        assertSameAsPacman(1);
    }

    /**
     * A backup file whose name is not UTF-8 must still be listed, byte for byte: one that could not be
     * named would be shared. pacman takes such names as they are.
     */
    @Test
    void listsABackupFileWhoseNameIsNotUtf8ByteForByte() throws Exception {
        RealTools.assumeInstalled("pacman", "pacman-package-manager");
        String latin1 = RawText.of(new byte[] {'e', 't', 'c', '/', 'c', 'a', 'f', (byte) 0xe9, (byte) 0xff});
        String utf8 = RawText.ofText("etc/café/ünï.conf");
        pacmanRun("-U", pkg("latin", latin1, utf8, "etc/plain.conf"));

        ConfigFileList result = pacman.configFiles(guest());

        assertSameAsPacman(3);
        assertTrue(result.files().contains(ConfigFile.ofBytes(("/" + latin1).getBytes(StandardCharsets.ISO_8859_1),
                "latin")), result.files()::toString);
        assertTrue(result.files().contains(ConfigFile.ofText("/etc/café/ünï.conf", "latin")));
    }

    @Test
    void isAbsentWithoutALocalDatabase() throws Exception {
        Path other = Files.createDirectories(work.resolve("other/etc")).getParent();

        assertFalse(pacman.isPresent(guest("other", other)));
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> pacman.configFiles(guest("other", other)));
        assertTrue(e.getMessage().contains("other"), e.getMessage());
    }

    @Test
    void refusesAnEntryThatIsASymlinkOrLacksItsFiles() throws Exception {
        Path local = Files.createDirectories(root.resolve("var/lib/pacman/local"));
        Files.writeString(local.resolve("ALPM_DB_VERSION"), "9\n");
        Path entry = Files.createDirectories(local.resolve("a-1-1"));
        Files.writeString(entry.resolve("desc"), "%NAME%\na\n\n");
        assertTrue(pacman.isPresent(guest()));

        PackageDatabaseException missing =
                assertThrows(PackageDatabaseException.class, () -> pacman.configFiles(guest()));
        assertEquals(PacmanPackageManager.LOCAL + "/a-1-1/files", missing.guestPath());

        Files.writeString(entry.resolve("files"), "%BACKUP%\netc/a.conf\tabc\n\n");
        assertEquals(List.of(new ConfigFile("/etc/a.conf", "a")), pacman.configFiles(guest()).files());

        Files.createSymbolicLink(local.resolve("b-1-1"), work);
        PackageDatabaseException link = assertThrows(PackageDatabaseException.class, () -> pacman.configFiles(guest()));
        assertEquals(PacmanPackageManager.LOCAL + "/b-1-1", link.guestPath());
    }

    /** pf4j finds extensions only through the index its annotation processor writes. */
    @Test
    void isListedInThePf4jExtensionIndex() throws Exception {
        String entries = ExtensionIndexes.read(PacmanPackageManager.class.getClassLoader());
        assertTrue(entries.lines().anyMatch(PacmanPackageManager.class.getName()::equals),
                "not in any META-INF/extensions.idx (is pf4j in annotationProcessorPaths?): " + entries);
        assertEquals("pacman", new PacmanPackageManager().id());
    }

    private void assertSameAsPacman(int expectedCount) throws Exception {
        Set<String> expected = pacmanBackupFiles();
        assertEquals(expectedCount, expected.size(), expected::toString);
        ConfigFileList result = pacman.configFiles(guest());
        Set<String> actual = new TreeSet<>();
        result.files().forEach(f -> actual.add(f.rawPath()));
        assertEquals(expected, actual);
        assertEquals(List.of(), result.warnings());
    }

    private GuestFiles guest() throws IOException {
        return guest("arch", root);
    }

    /** The kernel's confined view of a guest root, closed after the test. */
    private GuestFiles guest(String guestName, Path guestRoot) throws IOException {
        ConfinedGuestFiles guest = ConfinedGuestFiles.open(guestName, guestRoot);
        opened.add(guest);
        return guest;
    }

    /** The backup files pacman -Qii reports, as "STATE<TAB>ROOT/path" lines, made guest-absolute; raw text. */
    private Set<String> pacmanBackupFiles() throws Exception {
        Set<String> paths = new TreeSet<>();
        String prefix = root.toString();
        for (String line : RealTools.run(work, pacmanCommand("-Qii")).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0 && line.substring(0, tab).matches("[A-Z]+") && line.startsWith(prefix, tab + 1)) {
                paths.add(line.substring(tab + 1 + prefix.length()));
            }
        }
        return paths;
    }

    private void pacmanRun(String... args) throws Exception {
        List<String> command = pacmanCommand(args);
        command.addAll(List.of("--noconfirm", "--noscriptlet", "--nodeps"));
        RealTools.run(work, command);
    }

    private List<String> pacmanCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("pacman", "--root", root.toString(),
                "--dbpath", root.resolve("var/lib/pacman").toString(),
                "--config", work.resolve("pacman.conf").toString(),
                "--hookdir", work.resolve("hooks").toString(), "--cachedir", work.resolve("cache").toString(),
                "--logfile", work.resolve("pacman.log").toString(), "--gpgdir", work.resolve("gnupg").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Builds a package (a tar with .PKGINFO first, as makepkg lays it out) whose files are all backups,
     * named as raw text (one char per byte).
     */
    private String pkg(String name, String... backups) throws Exception {
        Path tree = Files.createDirectories(work.resolve("build/" + name));
        StringBuilder info = new StringBuilder("pkgname = " + name + "\npkgbase = " + name
                + "\npkgver = 1.0-1\npkgdesc = test package\nbuilddate = 1700000000\npackager = hashify tests"
                + "\nsize = 0\narch = any\nlicense = MIT\n");
        Path data = Files.createDirectories(tree.resolve("usr/share/" + name));
        Files.writeString(data.resolve("data"), name + "\n");
        for (String backup : backups) {
            RealTools.writeRawNamed(tree, backup, name + "\n");
            info.append("backup = ").append(backup).append('\n');
        }
        Files.write(tree.resolve(".PKGINFO"), info.toString().getBytes(StandardCharsets.ISO_8859_1));
        List<String> tar = new ArrayList<>(List.of("tar", "-C", tree.toString(), "--owner=0", "--group=0",
                "-cf", work.resolve(name + "-1.0-1-any.pkg.tar").toString(), ".PKGINFO", "usr"));
        if (backups.length > 0) {
            tar.add("etc");
        }
        RealTools.run(work, tar);
        return work.resolve(name + "-1.0-1-any.pkg.tar").toString();
    }
}
