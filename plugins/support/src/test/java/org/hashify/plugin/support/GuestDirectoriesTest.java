package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime.Discovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestDirectoriesTest {

    @TempDir
    Path work;

    @Test
    void listsVisibleEntriesSortedByName() throws IOException {
        Files.createDirectories(work.resolve("b"));
        Files.createDirectories(work.resolve("a"));
        Files.createDirectories(work.resolve(".defaults"));
        Files.createDirectories(work.resolve(".#half-made"));
        Files.createFile(work.resolve("c.conf"));

        assertEquals(List.of(work.resolve("a"), work.resolve("b"), work.resolve("c.conf")),
                GuestDirectories.entries(work));
    }

    @Test
    void findsNothingWhereNothingIsConfigured() throws IOException {
        assertEquals(List.of(), GuestDirectories.entries(work.resolve("absent")));
    }

    @Test
    void saysSoWhenTheDirectoryIsAFile() throws IOException {
        Path file = Files.createFile(work.resolve("file"));

        IOException e = assertThrows(IOException.class, () -> GuestDirectories.entries(file));

        assertTrue(e.getMessage().startsWith(file + " is not a directory"), e.getMessage());
    }

    @Test
    void discoversWhatTheEntriesDescribeAndReportsThoseItSkips() throws IOException {
        Path alpha = Files.createDirectories(work.resolve("alpha"));
        Files.createDirectories(work.resolve("broken"));
        Files.createFile(work.resolve("notes"));
        Files.createDirectories(work.resolve(".defaults"));

        Discovery found = GuestDirectories.discover(work, entry -> switch (entry.getFileName().toString()) {
            case "alpha" -> Optional.of(DiscoveredGuest.plain("alpha", "demo", entry));
            case "broken" -> throw new SkippedGuest("demo guest broken: no root; skipped");
            default -> Optional.empty();
        });

        assertEquals(List.of(DiscoveredGuest.plain("alpha", "demo", alpha)), found.guests());
        assertEquals(List.of("demo guest broken: no root; skipped"), found.problems());
    }
}
