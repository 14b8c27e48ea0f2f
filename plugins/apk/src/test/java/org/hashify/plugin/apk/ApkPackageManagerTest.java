package org.hashify.plugin.apk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hashify.api.ConfigFile;
import org.hashify.api.GuestFiles;
import org.hashify.api.PackageDatabaseException;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.hashify.plugin.support.ExtensionIndexes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads guest roots laid out as Alpine lays them out (see {@link ApkFixtures} for why no real apk). */
class ApkPackageManagerTest {

    @TempDir
    Path root;

    private final ApkPackageManager apk = new ApkPackageManager();
    private final List<ConfinedGuestFiles> opened = new ArrayList<>();

    @AfterEach
    void closeGuests() {
        opened.forEach(ConfinedGuestFiles::close);
    }

    @Test
    void appliesTheGuestsProtectedPathLists() throws Exception {
        write("lib/apk/db/installed", ApkFixtures.INSTALLED);
        write("etc/apk/protected_paths.d/lbu.list", "+usr/share/udhcpc\n-etc/crontabs\n");
        write("etc/apk/protected_paths.d/ignored.txt", "+bin\n");
        write("etc/apk/protected_paths.d/.hidden.list", "+sbin\n");

        assertTrue(apk.isPresent(guest()));
        assertEquals(List.of(
                new ConfigFile("/etc/motd", "alpine-baselayout"),
                new ConfigFile("/etc/apk/world", "alpine-baselayout"),
                new ConfigFile("/etc/udhcpd/udhcpd.conf", "busybox"),
                new ConfigFile("/usr/share/udhcpc/default.script", "busybox")), apk.configFiles(guest()).files());
    }

    @Test
    void findsTheDatabaseUnderUsrLibWhenLibIsALink() throws Exception {
        write("usr/lib/apk/db/installed", "P:tiny\nF:etc\nR:tiny.conf\n\n");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));

        assertTrue(apk.isPresent(guest()));
        assertEquals(List.of(new ConfigFile("/etc/tiny.conf", "tiny")), apk.configFiles(guest()).files());
    }

    @Test
    void isAbsentFromAUsrMergedGuestOfAnotherDistribution() throws Exception {
        write("usr/lib/os-release", "ID=debian\n");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));

        assertFalse(apk.isPresent(guest()));
    }

    @Test
    void isAbsentWithoutADatabaseAndSaysSoWhenAsked() throws Exception {
        Files.createDirectories(root.resolve("etc"));

        assertFalse(apk.isPresent(guest()));
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> apk.configFiles(guest()));
        assertTrue(e.getMessage().contains("no apk database"), e.getMessage());
    }

    @Test
    void refusesADatabaseThatIsASymlink() throws Exception {
        write("host/installed", "P:host\nF:etc\nR:passwd\n");
        Files.createDirectories(root.resolve("lib/apk/db"));
        Files.createSymbolicLink(root.resolve("lib/apk/db/installed"), root.resolve("host/installed"));

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> apk.configFiles(guest()));

        assertEquals(ApkPackageManager.DATABASE, e.guestPath());
    }

    @Test
    void refusesAGarbledDatabaseNamingIt() throws Exception {
        write("lib/apk/db/installed", "P:a\nF:etc\nR:motd\nsomething else\n");

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> apk.configFiles(guest()));

        assertTrue(e.getMessage().contains("/lib/apk/db/installed is damaged: line 4"), e.getMessage());
    }

    /** pf4j finds extensions only through the index its annotation processor writes. */
    @Test
    void isListedInThePf4jExtensionIndex() throws Exception {
        String entries = ExtensionIndexes.read(ApkPackageManager.class.getClassLoader());
        assertTrue(entries.lines().anyMatch(ApkPackageManager.class.getName()::equals),
                "not in any META-INF/extensions.idx (is pf4j in annotationProcessorPaths?): " + entries);
        assertEquals("apk", new ApkPackageManager().id());
    }

    private GuestFiles guest() throws IOException {
        return guest("alpine", root);
    }

    /** The kernel's confined view of a guest root, closed after the test. */
    private GuestFiles guest(String guestName, Path guestRoot) throws IOException {
        ConfinedGuestFiles guest = ConfinedGuestFiles.open(guestName, guestRoot);
        opened.add(guest);
        return guest;
    }

    private void write(String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
