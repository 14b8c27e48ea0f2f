package org.hashify.kernel.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hashify.api.GuestFiles.EntryKind;
import org.hashify.api.PinnedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins read guests through this view; no path, however crafted, leaves the guest. */
class ConfinedGuestFilesTest {
    @TempDir
    Path tmp;

    private Path guest() throws IOException {
        Path g = Files.createDirectories(tmp.resolve("guest"));
        Files.createDirectories(g.resolve("var/lib/dpkg"));
        Files.writeString(g.resolve("var/lib/dpkg/status"), "Package: x\n");
        Files.writeString(tmp.resolve("host-secret"), "root:secret");
        return g;
    }

    @Test
    void readsListsAndPinsInsideTheGuest() throws Exception {
        Path g = guest();
        try (ConfinedGuestFiles f = ConfinedGuestFiles.open("g", g)) {
            assertArrayEquals("Package: x\n".getBytes(StandardCharsets.UTF_8),
                    f.read("/var/lib/dpkg/status", 1000).orElseThrow());
            assertEquals(Optional.empty(), f.read("/var/lib/dpkg/missing", 1000));
            assertEquals(List.of("status"), f.list("/var/lib/dpkg"));
            assertEquals(List.of(), f.list("/nonexistent"));
            assertEquals(EntryKind.REGULAR, f.kind("/var/lib/dpkg/status"));
            assertEquals(EntryKind.DIRECTORY, f.kind("/var//lib/./dpkg"));
            try (PinnedFile p = f.pin("/var/lib/dpkg/status")) {
                assertEquals("Package: x\n", Files.readString(p.path()));
            }
        }
    }

    @Test
    void symlinksToHostFilesAreNeverFollowed() throws Exception {
        Path g = guest();
        Files.createDirectories(g.resolve("etc"));
        Files.createSymbolicLink(g.resolve("etc/os-release"), tmp.resolve("host-secret"));
        Files.createSymbolicLink(g.resolve("lib"), tmp);
        try (ConfinedGuestFiles f = ConfinedGuestFiles.open("g", g)) {
            assertEquals(EntryKind.SYMLINK, f.kind("/etc/os-release"));
            IOException e = assertThrows(IOException.class, () -> f.read("/etc/os-release", 1000));
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            assertEquals(Optional.empty(), f.read("/lib/host-secret", 1000), "a symlinked directory is not entered");
            assertEquals(List.of(), f.list("/lib"));
            assertEquals(EntryKind.MISSING, f.kind("/lib/host-secret"));
        }
    }

    @Test
    void dotDotAndNulAreRefused() throws Exception {
        Path g = guest();
        try (ConfinedGuestFiles f = ConfinedGuestFiles.open("g", g)) {
            assertThrows(IOException.class, () -> f.read("/../host-secret", 1000));
            assertThrows(IOException.class, () -> f.read("/var/../../host-secret", 1000));
            assertThrows(IOException.class, () -> f.read("/var/lib/dpkg/status\0x", 1000));
            assertThrows(IOException.class, () -> f.read("relative", 1000));
        }
    }

    @Test
    void oversizedFilesAndFifosAreRefusedWithoutBlocking() throws Exception {
        Path g = guest();
        Process p = new ProcessBuilder("mkfifo", g.resolve("var/lib/dpkg/fifo").toString()).start();
        assertEquals(0, p.waitFor());
        try (ConfinedGuestFiles f = ConfinedGuestFiles.open("g", g)) {
            assertThrows(IOException.class, () -> f.read("/var/lib/dpkg/status", 3));
            assertThrows(IOException.class, () -> f.read("/var/lib/dpkg/fifo", 1000), "a FIFO is not read (nor waited on)");
            assertEquals(EntryKind.OTHER, f.kind("/var/lib/dpkg/fifo"));
        }
    }

    @Test
    void aGuestRootThatIsASymlinkIsRefused() throws Exception {
        Path g = guest();
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, g);
        assertThrows(IOException.class, () -> ConfinedGuestFiles.open("g", link));
    }
}
