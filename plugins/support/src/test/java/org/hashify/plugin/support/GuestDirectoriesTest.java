package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
