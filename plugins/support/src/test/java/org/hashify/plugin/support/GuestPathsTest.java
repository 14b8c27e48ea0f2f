package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @Test
    void keepsBytesThatAreNotUtf8() {
        String latin1 = RawText.of(new byte[] {'/', 'e', 't', 'c', '/', 'c', 'a', 'f', (byte) 0xe9, (byte) 0xff});

        assertEquals(latin1, GuestPaths.check(latin1, false).path());
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

    /** Linux counts bytes: 255 two-byte characters make a name too long, 127 do not. */
    @Test
    void countsLengthsInBytes() {
        String e = RawText.ofText("é");

        assertEquals("has a component longer than any file name Linux allows",
                GuestPaths.check("/etc/" + e.repeat(128), false).refusal());
        assertEquals("/etc/" + e.repeat(127), GuestPaths.check("/etc/" + e.repeat(127), false).path());
    }
}
