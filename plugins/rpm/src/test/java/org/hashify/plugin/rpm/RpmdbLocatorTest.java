package org.hashify.plugin.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hashify.api.ConfigFile;
import org.hashify.api.PackageDatabaseException;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpmdbLocatorTest {
    @TempDir
    Path tmp;

    /** The guest's root; the rest of {@code tmp} stands for the host. */
    private Path root;

    private ConfinedGuestFiles guest;

    @BeforeEach
    void createRoot() throws Exception {
        root = Files.createDirectory(tmp.resolve("guest"));
        guest = ConfinedGuestFiles.open("g2", root);
    }

    @AfterEach
    void closeGuest() {
        guest.close();
    }

    private Path file(String guestPath) throws Exception {
        Path path = root.resolve(guestPath.substring(1));
        Files.createDirectories(path.getParent());
        return path;
    }

    @Test
    void noDatabaseIsAbsentAndAnError() {
        RpmPackageManager rpm = new RpmPackageManager(Optional::empty);

        assertFalse(rpm.isPresent(guest));
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> rpm.configFiles(guest));
        assertTrue(e.getMessage().contains("has no rpm database"), e.getMessage());
    }

    @Test
    void prefersTheNewestFormatInADirectory() throws Exception {
        Files.write(file("/var/lib/rpm/Packages"), new byte[] {1});
        SqliteFixture.write(file("/var/lib/rpm/rpmdb.sqlite"), List.of());

        assertEquals(List.of(new RpmdbFile("/var/lib/rpm/rpmdb.sqlite", RpmdbFormat.SQLITE)), RpmdbLocator.locate(guest));
    }

    @Test
    void readsBothDirectoriesWhenBothHoldADatabase() throws Exception {
        SqliteFixture.write(file("/usr/lib/sysimage/rpm/rpmdb.sqlite"),
                List.of(SqliteFixture.header("new", "/etc/new.conf")));
        SqliteFixture.write(file("/var/lib/rpm/rpmdb.sqlite"), List.of(SqliteFixture.header("stale", "/etc/stale.conf")));

        List<ConfigFile> files = new RpmPackageManager(Optional::empty).configFiles(guest).files();

        assertEquals(List.of(new ConfigFile("/etc/new.conf", "new"), new ConfigFile("/etc/stale.conf", "stale")), files);
    }

    @Test
    void followsNoSymlinkedDirectory() throws Exception {
        // Fedora's layout, and a guest pointing the link outside itself: only the real directory is read.
        Path elsewhere = Files.createDirectory(tmp.resolve("host-rpmdb"));
        SqliteFixture.write(elsewhere.resolve("rpmdb.sqlite"), List.of(SqliteFixture.header("host", "/etc/host.conf")));
        Files.createDirectories(root.resolve("var/lib"));
        Files.createSymbolicLink(root.resolve("var/lib/rpm"), elsewhere);

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> new RpmPackageManager(Optional::empty).configFiles(guest));
        assertTrue(e.getMessage().contains("/var/lib/rpm is a symbolic link"), e.getMessage());

        SqliteFixture.write(file("/usr/lib/sysimage/rpm/rpmdb.sqlite"), List.of(SqliteFixture.header("own", "/etc/own.conf")));
        assertEquals(List.of(new ConfigFile("/etc/own.conf", "own")),
                new RpmPackageManager(Optional::empty).configFiles(guest).files());
    }

    @Test
    void refusesADatabaseFileThatIsALink() throws Exception {
        Path target = Files.createFile(tmp.resolve("elsewhere.sqlite"));
        Files.createSymbolicLink(file("/var/lib/rpm/rpmdb.sqlite"), target);
        RpmPackageManager rpm = new RpmPackageManager(Optional::empty);

        assertTrue(rpm.isPresent(guest));
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> rpm.configFiles(guest));
        assertEquals("/var/lib/rpm/rpmdb.sqlite", e.guestPath());
        assertTrue(e.getMessage().contains("is a symlink, not a regular file"), e.getMessage());
    }

    @Test
    void berkeleyDbWithoutHostRpmSaysWhatToInstall() throws Exception {
        Files.write(file("/var/lib/rpm/Packages"), new byte[4096]);

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> new RpmPackageManager(Optional::empty).configFiles(guest));

        assertEquals("/var/lib/rpm/Packages", e.guestPath());
        assertTrue(e.getMessage().contains("Berkeley DB") && e.getMessage().contains("apt-get install rpm"), e.getMessage());
    }
}
