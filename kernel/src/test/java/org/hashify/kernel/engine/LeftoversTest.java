package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.hashify.kernel.testing.GuestTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md Semantics 7: what a killed run leaves in a guest is removed by the next run, and only that. */
class LeftoversTest {
    @TempDir
    Path tmp;

    @Test
    void theNextRunRemovesTemporaryNamesThatAnObjectBacks() throws Exception {
        byte[] data = GuestTree.random(1, 6000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/f", data);
        Path store = tmp.resolve("store");
        Runs.run(store, Runs.DEFAULT, a.root());
        // a run killed after linking the object beside a file, before the exchange
        Path linkLeftover = a.path("usr/.hashify-0123456789abcdef.tmp");
        Files.createLink(linkLeftover, a.path("usr/f"));
        // a run killed after the exchange, before removing the old file: a copy equal to the object
        Path copyLeftover = a.path("usr/.hashify-fedcba9876543210.tmp");
        Files.copy(a.path("usr/f"), copyLeftover, StandardCopyOption.COPY_ATTRIBUTES);
        // a guest file that merely looks like one, with content no object has: kept
        Path lookalike = a.path("usr/.hashify-00000000000000aa.tmp");
        Files.write(lookalike, GuestTree.random(2, 100));
        Files.setLastModifiedTime(lookalike, GuestTree.MTIME);

        RunReport r = Runs.run(store, Runs.DEFAULT, a.root());
        assertFalse(Files.exists(linkLeftover));
        assertFalse(Files.exists(copyLeftover));
        assertTrue(Files.exists(lookalike));
        assertEquals(2, Runs.guest(r, "a").leftoversRemoved);
        assertTrue(r.problems().stream().anyMatch(p -> p.contains(".hashify-00000000000000aa.tmp")), r.problems().toString());
        assertEquals(2, Runs.nlink(a.path("usr/f")), "the object and the guest's own name");
    }
}
