package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hashify.api.GuestFiles.EntryKind;
import org.hashify.api.PackageDatabaseException;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestDatabaseTest {

    @TempDir
    Path work;

    private Path root;
    private ConfinedGuestFiles guest;

    @BeforeEach
    void openGuest() throws Exception {
        root = work.resolve("guest");
        Files.createDirectories(root.resolve("var/lib/db"));
        Files.writeString(root.resolve("var/lib/db/status"), "Package: a\n");
        guest = ConfinedGuestFiles.open("g1", root);
    }

    @AfterEach
    void closeGuest() {
        guest.close();
    }

    @Test
    void readsListsAndExaminesDatabaseFiles() throws Exception {
        assertEquals("Package: a\n", new String(GuestDatabase.read(guest, "/var/lib/db/status").orElseThrow()));
        assertEquals(Optional.empty(), GuestDatabase.read(guest, "/var/lib/db/missing"));
        assertEquals(List.of("status"), GuestDatabase.list(guest, "/var/lib/db"));
        assertEquals(List.of(), GuestDatabase.list(guest, "/var/lib/none"));
        assertEquals(EntryKind.REGULAR, GuestDatabase.kind(guest, "/var/lib/db/status"));
    }

    @Test
    void refusesWhatGuestFilesRefusesNamingGuestAndPath() throws Exception {
        Files.writeString(work.resolve("shadow"), "host secret\n");
        Files.createSymbolicLink(root.resolve("var/lib/db/linked"), work.resolve("shadow"));

        PackageDatabaseException read = assertThrows(PackageDatabaseException.class,
                () -> GuestDatabase.read(guest, "/var/lib/db/linked"));
        PackageDatabaseException list = assertThrows(PackageDatabaseException.class,
                () -> GuestDatabase.list(guest, "/var/lib/../lib/db"));

        assertEquals("/var/lib/db/linked", read.guestPath());
        assertTrue(read.getMessage().contains("g1") && read.getMessage().contains("/var/lib/db/linked"),
                read.getMessage());
        assertEquals("/var/lib/../lib/db", list.guestPath());
    }

    /** A "no" could let a guest's configuration files be shared, so a guest that cannot be examined says yes. */
    @Test
    void looksLikeAnswersYesWhenTheGuestCannotBeExamined() {
        // GuestFiles refuses a path with a '..' component, as it refuses a link on the way.
        assertTrue(GuestDatabase.looksLike(guest, "/var/lib/../lib/db", EntryKind.DIRECTORY));
        assertTrue(GuestDatabase.looksLike(guest, "/var/lib/db", EntryKind.DIRECTORY));
        assertFalse(GuestDatabase.looksLike(guest, "/var/lib/db/status", EntryKind.DIRECTORY));
    }

    @Test
    void namesTheCapInTheErrorForTooManyEntries() {
        PackageDatabaseException e = GuestDatabase.tooManyEntries("/var/lib/db/status", "conffiles");

        assertEquals("/var/lib/db/status", e.guestPath());
        assertTrue(e.getMessage().contains("more than " + GuestDatabase.MAX_ENTRIES + " conffiles"), e.getMessage());
    }
}
