package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestNamesTest {

    @Test
    void acceptsOrdinaryNames() {
        for (String name : new String[] {"web", "db-01", "build.root", "café", "with space"}) {
            assertEquals(Optional.empty(), GuestNames.refusal(name), name);
            assertEquals(Optional.empty(), GuestNames.refusal(Path.of("/etc/vservers", name)), name);
        }
    }

    @Test
    void refusesNamesThatWouldBreakALineOrACommand() {
        assertEquals(Optional.of("contains a control character such as a newline"), GuestNames.refusal("a\nb"));
        assertEquals(Optional.of("contains a control character such as a newline"), GuestNames.refusal("a\u0085b"));
        assertEquals(Optional.of("contains '/'"), GuestNames.refusal("a/b"));
        assertEquals(Optional.of("is blank"), GuestNames.refusal(" "));
        assertEquals(Optional.of("starts with '-', which the runtime's tools would take for an option"),
                GuestNames.refusal("-rf"));
        assertEquals(Optional.of("is not valid in the host's file name encoding"), GuestNames.refusal("a\uFFFDb"));
    }

    /** The JVM cannot name such a file itself, so sh makes it; its name does not survive as a String. */
    @Test
    void refusesAnEntryWhoseNameIsNotInTheFileNameEncoding(@TempDir Path work) throws Exception {
        Process mkdir = new ProcessBuilder("sh", "-c", "mkdir \"$(printf 'a\\377b')\"").directory(work.toFile())
                .inheritIO().start();
        assertEquals(0, mkdir.waitFor());
        List<Path> entries;
        try (Stream<Path> listing = Files.list(work)) {
            entries = listing.toList();
        }

        assertEquals(1, entries.size());
        assertEquals(Optional.of("is not valid in the host's file name encoding"), GuestNames.refusal(entries.get(0)));
    }

    @Test
    void printsControlCharactersEscaped() {
        assertEquals("a\\x0ab", GuestNames.printable("a\nb"));
        assertEquals("café", GuestNames.printable("café"));
    }
}
