package org.hashify.plugin.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hashify.api.ConfigFile;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageDatabaseException;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRpmdbTest {
    private static final String DB = "/var/lib/rpm/rpmdb.sqlite";

    @TempDir
    Path tmp;

    /** The guest's root; the rest of {@code tmp} stands for the host. */
    private Path root;

    private ConfinedGuestFiles guest;

    private final RpmPackageManager rpm = new RpmPackageManager(Optional::empty);

    @BeforeEach
    void createRoot() throws Exception {
        root = Files.createDirectory(tmp.resolve("guest"));
        guest = ConfinedGuestFiles.open("g1", root);
    }

    @AfterEach
    void closeGuest() {
        guest.close();
    }

    private Path db() {
        return root.resolve(DB.substring(1));
    }

    @Test
    void listsConfigFilesWithOwnersAndWritesNothingBesideTheDatabase() throws Exception {
        SqliteFixture.write(db(), List.of(
                SqliteFixture.header("alpha", "/etc/alpha.conf", "/etc/alpha/extra.conf"),
                SqliteFixture.header("beta", "/etc/beta.conf")));
        List<String> before = listing(db().getParent());

        List<ConfigFile> files = rpm.configFiles(guest).files();

        assertEquals(List.of(new ConfigFile("/etc/alpha.conf", "alpha"), new ConfigFile("/etc/alpha/extra.conf", "alpha"),
                new ConfigFile("/etc/beta.conf", "beta")), files);
        assertEquals(before, listing(db().getParent()), "no -wal, -shm or -journal in the guest");
    }

    @Test
    void appliesAWriteAheadLogLeftInTheGuest() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path original = work.resolve("rpmdb.sqlite");
        SqliteFixture.write(original, List.of(SqliteFixture.header("alpha", "/etc/alpha.conf")));
        try (Connection c = SqliteFixture.open(original); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            SqliteFixture.insert(c, List.of(SqliteFixture.header("beta", "/etc/beta.conf")));
            // Copy while the connection is open: beta lives only in the log, as when rpm is cut short.
            Files.createDirectories(db().getParent());
            Files.copy(original, db());
            Files.copy(work.resolve("rpmdb.sqlite-wal"), root.resolve(DB.substring(1) + "-wal"));
        }
        List<String> before = listing(db().getParent());

        List<ConfigFile> files = rpm.configFiles(guest).files();

        assertEquals(List.of(new ConfigFile("/etc/alpha.conf", "alpha"), new ConfigFile("/etc/beta.conf", "beta")), files);
        assertEquals(before, listing(db().getParent()), "the log was applied to a private copy, not in the guest");
    }

    @Test
    void reportsAFileThatIsNotSqlite() throws Exception {
        Files.createDirectories(db().getParent());
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(db(), garbage);

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> rpm.configFiles(guest));

        assertEquals(DB, e.guestPath());
        assertTrue(e.getMessage().contains(DB) && e.getMessage().contains("g1") && e.getMessage().contains("rebuilddb"),
                e.getMessage());
    }

    @Test
    void reportsAnSqliteFileWithoutThePackagesTable() throws Exception {
        Files.createDirectories(db().getParent());
        try (Connection c = SqliteFixture.open(db()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE Other (x INTEGER)");
        }

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> rpm.configFiles(guest));

        assertTrue(e.getMessage().contains("no table Packages"), e.getMessage());
    }

    @Test
    void reportsATruncatedHeaderBlob() throws Exception {
        byte[] whole = SqliteFixture.header("alpha", "/etc/alpha.conf");
        SqliteFixture.write(db(), List.of(whole, Arrays.copyOf(whole, whole.length - 3)));

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class, () -> rpm.configFiles(guest));

        assertTrue(e.getMessage().startsWith("Package header 2 in the rpm database " + DB + " of guest g1 is "),
                e.getMessage());
    }

    @Test
    void warnsAboutHostilePathsAndKeepsTheRest() throws Exception {
        SqliteFixture.write(db(), List.of(SqliteFixture.header("evil", "/etc/ok.conf", "/etc/../../etc/shadow")));

        ConfigFileList listing = rpm.configFiles(guest);

        assertEquals(List.of(new ConfigFile("/etc/ok.conf", "evil")), listing.files());
        assertEquals(1, listing.warnings().size());
        assertTrue(listing.warnings().get(0).startsWith("Package evil ")
                && listing.warnings().get(0).contains("(package header 1 of " + DB + ")"), listing.warnings().get(0));
    }

    @Test
    void uriEncodesAwkwardPaths() {
        assertEquals("file:/tmp/a%20b%3Fc%23d%25e", SqliteRpmdb.uri(Path.of("/tmp/a b?c#d%e")));
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
