package org.hashify.plugin.dpkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The copies of GuestPaths in the apk and pacman plugins are identical to this one. */
class GuestPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/etc/ssh/sshd_config, /etc/ssh/sshd_config",
        "//etc///./ssh/, /etc/ssh",
        "/./etc/x, /etc/x",
    })
    void normalisesAbsolutePaths(String raw, String expected) {
        assertEquals(expected, GuestPaths.check(raw, false).path());
    }

    @Test
    void makesRootRelativePathsAbsolute() {
        assertEquals("/etc/pacman.conf", GuestPaths.check("etc/pacman.conf", true).path());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /../../etc/shadow       | has a '..' component
            /etc/x/..               | has a '..' component
            etc/relative            | is not absolute
            /                       | names the root directory
            /./.                    | names the root directory
            """)
    void refusesHostilePaths(String raw, String refusal) {
        GuestPaths.Checked checked = GuestPaths.check(raw, false);

        assertFalse(checked.accepted());
        assertEquals(refusal, checked.refusal());
    }

    @Test
    void refusesNulAndNamesNoFilesystemCouldHold() {
        assertEquals("contains a NUL byte", GuestPaths.check("/etc/a\0b", false).refusal());
        assertEquals("has a component longer than any file name Linux allows",
                GuestPaths.check("/etc/" + "x".repeat(256), false).refusal());
        assertEquals("is longer than any path Linux allows",
                GuestPaths.check("/etc" + "/x".repeat(2048), false).refusal());
    }

    @Test
    void printsControlCharactersEscaped() {
        assertEquals("/etc/a\\x00b\\x1b[2J\\x5c", GuestPaths.printable("/etc/a\0b\u001b[2J\\"));
    }
}
