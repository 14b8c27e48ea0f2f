package org.hashify.kernel.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** os-release(5) as a shell would read it; junk lines ignored, junk files refused with the file's name. */
class OsReleaseTest {
    private static OsRelease parse(String text) throws OsReleaseException {
        return OsRelease.parse("guest g: /etc/os-release", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsQuotedUnquotedAndEscapedValues() throws Exception {
        OsRelease os = parse("""
                # a comment
                NAME="Debian GNU/Linux"

                ID=debian
                  VERSION_ID='12'
                PRETTY_NAME="say \\"hi\\" for \\$5 \\\\ \\n"
                ID_LIKE="  Ubuntu   debian "
                CPE_NAME=cpe:/o:x:y:1  # trailing comment
                EMPTY=
                ESCAPED=a\\ b
                """);
        assertEquals("Debian GNU/Linux", os.get("NAME").orElseThrow());
        assertEquals("debian", os.id());
        assertEquals("12", os.version());
        assertEquals("say \"hi\" for $5 \\ \\n", os.get("PRETTY_NAME").orElseThrow(),
                "only $ \" \\ and ` are escaped inside double quotes, as in a shell");
        assertEquals(List.of("ubuntu", "debian"), os.idLike());
        assertEquals("cpe:/o:x:y:1", os.get("CPE_NAME").orElseThrow());
        assertEquals("", os.get("EMPTY").orElseThrow());
        assertEquals("a b", os.get("ESCAPED").orElseThrow());
        assertEquals(List.of(), os.ignoredLines());
    }

    @Test
    void junkLinesAreIgnoredAndCounted() throws Exception {
        OsRelease os = parse("""
                ID=fedora
                this is not an assignment
                NAME="unterminated
                1KEY=x
                CMD=$(reboot)
                TWO=words here
                VERSION_ID=39\r
                ID=fedora-again
                """);
        assertEquals("fedora-again", os.id(), "a later assignment wins, as in a shell");
        assertEquals("39", os.version(), "a CRLF line end is not part of the value");
        assertEquals(List.of(2, 3, 4, 5, 6), os.ignoredLines());
        assertEquals(Map.of("ID", "fedora-again", "VERSION_ID", "39"), os.values());
    }

    @Test
    void rollingReleasesFallBackToBuildId() throws Exception {
        assertEquals("rolling", parse("ID=arch\nBUILD_ID=rolling\n").version());
        assertEquals("", parse("ID=arch\n").version());
        assertEquals("", parse("NAME=x\n").id());
    }

    @Test
    void aFileWithNoAssignmentIsRefusedNamingIt() {
        OsReleaseException e = assertThrows(OsReleaseException.class, () -> parse("hello world\n# only junk\n"));
        assertTrue(e.getMessage().startsWith("guest g: /etc/os-release has no KEY=value line"), e.getMessage());
        assertThrows(OsReleaseException.class, () -> parse(""));
    }

    @Test
    void binaryGarbageIsRefusedNamingTheFile() {
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 'I', 'D', '=', 'x'};
        OsReleaseException e = assertThrows(OsReleaseException.class,
                () -> OsRelease.parse("guest g: /etc/os-release", elf));
        assertTrue(e.getMessage().contains("guest g: /etc/os-release is binary"), e.getMessage());
        byte[] latin1 = "ID=d\u00e9bian\n".getBytes(StandardCharsets.ISO_8859_1);
        e = assertThrows(OsReleaseException.class, () -> OsRelease.parse("guest g: /etc/os-release", latin1));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void sizeIsCapped() {
        byte[] big = ("ID=x\n" + "#".repeat(OsRelease.MAX_BYTES)).getBytes(StandardCharsets.UTF_8);
        OsReleaseException e = assertThrows(OsReleaseException.class, () -> OsRelease.parse("f", big));
        assertTrue(e.getMessage().contains("more than the 65536"), e.getMessage());
    }
}
