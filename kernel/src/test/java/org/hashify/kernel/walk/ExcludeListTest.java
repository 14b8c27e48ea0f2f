package org.hashify.kernel.walk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The vunify exclude syntax and hashify's matching rules. */
class ExcludeListTest {
    private static ExcludeList parse(String text) throws ExcludeListException {
        return ExcludeList.parse(text, "test list");
    }

    @Test
    void builtInListKeepsEtcAndVarPrivateButSharesUsr() {
        ExcludeList l = ExcludeList.builtIn();
        for (String p : List.of("/etc/passwd", "/etc/ssh/sshd_config", "/var/lib/dpkg/status", "/tmp/x", "/home/u/.bashrc",
                "/root/.profile", "/dev/null", "/proc/1/status", "/sys/kernel/x", "/run/lock/x", "/usr/share/texmf/ls-R")) {
            assertTrue(l.isExcluded(p), p);
        }
        for (String p : List.of("/usr/bin/ls", "/lib/x86_64-linux-gnu/libc.so.6", "/etc/termcap", "/etc/gconf/schemas/a.xml",
                "/opt/app/x", "/root")) {
            assertFalse(l.isExcluded(p), p);
        }
    }

    @Test
    void starMatchesSlashAndFirstMatchWins() throws Exception {
        ExcludeList l = parse("+/usr/lib/keep*\n/usr/lib/*\n");
        assertTrue(l.isExcluded("/usr/lib/a/b/c"));
        assertFalse(l.isExcluded("/usr/lib/keep/deep/file"));
        assertFalse(l.isExcluded("/usr/bin/x"));
    }

    @Test
    void aDirectoryPatternCoversItsSubtree() throws Exception {
        ExcludeList l = parse("/srv\n");
        assertTrue(l.isExcluded("/srv/data/x"));
        assertFalse(l.isExcluded("/srvx"));
    }

    @Test
    void prefixesCommentsAndTrailingSpaces() throws Exception {
        ExcludeList l = parse("# comment\n\n-/a   \n~/b\n+/c/keep\n/c\n");
        assertTrue(l.isExcluded("/a/x"));
        assertTrue(l.isExcluded("/b"));
        assertFalse(l.isExcluded("/c/keep/x"));
        assertTrue(l.isExcluded("/c/other"));
    }

    @Test
    void setsAndQuestionMarks() throws Exception {
        ExcludeList l = parse("/x/[ab]?.log\n/y/[!0-9]*\n");
        assertTrue(l.isExcluded("/x/a1.log"));
        assertFalse(l.isExcluded("/x/c1.log"));
        assertTrue(l.isExcluded("/y/z"));
        assertFalse(l.isExcluded("/y/9"));
    }

    @Test
    void pruningOnlyWhenNoEarlierIncludeCouldMatchBelow() throws Exception {
        ExcludeList l = parse("+/etc/keep/*\n/etc\n/var\n");
        int etc = l.firstMatch("/etc", l.ruleCount());
        assertFalse(l.canPrune("/etc", etc));
        int var = l.firstMatch("/var", l.ruleCount());
        assertTrue(l.canPrune("/var", var));
    }

    @Test
    void exactExcludesComeFirst() {
        ExcludeList l = ExcludeList.builtIn().withExactExcludes(List.of("/usr/share/app/app.conf"));
        assertTrue(l.isExcluded("/usr/share/app/app.conf"));
        assertFalse(l.isExcluded("/usr/share/app/other"));
    }

    @Test
    void badLinesAreRefusedNamingFileAndLine() {
        ExcludeListException e = assertThrows(ExcludeListException.class, () -> parse("/ok\nrelative/path\n"));
        assertTrue(e.getMessage().contains("test list, line 2"), e.getMessage());
        e = assertThrows(ExcludeListException.class, () -> parse("/ok\n+\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void patternsMatchRawBytesOfNamesThatAreNotUtf8() throws Exception {
        ExcludeList l = parse("/data/*.bin\n");
        String raw = new String(new byte[] {'/', 'd', 'a', 't', 'a', '/', (byte) 0xff, '.', 'b', 'i', 'n'},
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(l.isExcluded(raw));
    }
}
