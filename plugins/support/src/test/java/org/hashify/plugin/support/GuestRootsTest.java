package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestRootsTest {

    @TempDir
    Path work;

    @Test
    void resolvesARelativeLinkAgainstItsDirectoryAndNormalises() throws IOException {
        Path config = Files.createDirectories(work.resolve("etc/vservers/web"));
        Files.createSymbolicLink(config.resolve("vdir"), Path.of("../../../vservers/./web"));
        Files.createSymbolicLink(config.resolve("abs"), Path.of("/vservers/web/"));

        assertEquals(work.resolve("vservers/web"), GuestRoots.linkTarget(config.resolve("vdir")));
        assertEquals(Path.of("/vservers/web"), GuestRoots.linkTarget(config.resolve("abs")));
    }

    /** /etc/vservers/web may itself be a link, to /srv/config/web: "../" then leads from the latter. */
    @Test
    void resolvesARelativeLinkFromWhereItsDirectoryReallyIs() throws IOException {
        Path real = Files.createDirectories(work.resolve("srv/config/web"));
        Files.createSymbolicLink(real.resolve("vdir"), Path.of("../../roots/web"));
        Path linked = Files.createSymbolicLink(Files.createDirectories(work.resolve("etc/vservers")).resolve("web"), real);

        assertEquals(work.toRealPath().resolve("srv/roots/web"), GuestRoots.linkTarget(linked.resolve("vdir")));
    }

    @Test
    void acceptsADirectoryAndRefusesEverythingElse() throws IOException {
        Path dir = Files.createDirectories(work.resolve("root"));
        Path file = Files.createFile(work.resolve("file"));
        Path hostRoot = Files.createSymbolicLink(work.resolve("host"), Path.of("/"));

        assertEquals(Optional.empty(), GuestRoots.refusal(dir));
        assertEquals(Optional.of("is not an absolute path"), GuestRoots.refusal(Path.of("root")));
        assertEquals(Optional.of("is the host's root directory"), GuestRoots.refusal(Path.of("/")));
        assertEquals(Optional.of("is the host's root directory"), GuestRoots.refusal(Path.of("/tmp/..")));
        assertEquals(Optional.of("is not a directory"), GuestRoots.refusal(file));
        assertEquals(Optional.of("does not exist"), GuestRoots.refusal(work.resolve("absent")));
        assertEquals(Optional.of("leads to the host's root directory"), GuestRoots.refusal(hostRoot));
        Files.delete(hostRoot); // else JUnit warns that it leaves the link's target alone
    }

    @Test
    void recognisesTheHostRootByNameOrThroughLinks() throws IOException {
        assertTrue(GuestRoots.leadsToHostRoot(Path.of("/")));
        Path hostRoot = Files.createSymbolicLink(work.resolve("host"), Path.of("/"));
        assertTrue(GuestRoots.leadsToHostRoot(hostRoot));
        assertFalse(GuestRoots.leadsToHostRoot(work.resolve("not-yet-made")));
        assertFalse(GuestRoots.leadsToHostRoot(work));
        Files.delete(hostRoot);
    }
}
