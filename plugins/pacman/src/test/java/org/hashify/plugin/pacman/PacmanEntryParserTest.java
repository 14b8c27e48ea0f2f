package org.hashify.plugin.pacman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.hashify.api.ConfigFile;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageDatabaseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacmanEntryParserTest {

    private static final String DESC_PATH = "/var/lib/pacman/local/openssh-9.6p1-1/desc";
    private static final String FILES_PATH = "/var/lib/pacman/local/openssh-9.6p1-1/files";

    private static final String DESC = """
            %NAME%
            openssh

            %VERSION%
            9.6p1-1

            %DEPENDS%
            krb5
            openssl

            """;

    private static final String FILES = """
            %FILES%
            etc/
            etc/ssh/
            etc/ssh/moduli
            etc/ssh/ssh_config
            etc/ssh/sshd_config
            usr/bin/ssh

            %BACKUP%
            etc/ssh/ssh_config\t2a1b5c9d6a0ef4b1c0cb9c5c3e1a4b9e
            etc/ssh/sshd_config\tbd6c3b1e6fa2d4a1c3e7e5b0e9c2d1f0
            etc/ssh/with\ttab\t00112233445566778899aabbccddeeff

            """;

    @Test
    void readsTheNameAndTheBackupFilesMadeGuestAbsolute() throws Exception {
        String name = PacmanEntryParser.name(DESC_PATH, bytes(DESC));
        List<PacmanBackup> backups = PacmanEntryParser.backups(FILES_PATH, bytes(FILES));

        ConfigFileList result = configFiles(new PacmanPackage(name, FILES_PATH, backups));

        assertEquals(List.of(
                new ConfigFile("/etc/ssh/ssh_config", "openssh"),
                new ConfigFile("/etc/ssh/sshd_config", "openssh"),
                new ConfigFile("/etc/ssh/with\ttab", "openssh")), result.files());
        assertEquals(11, backups.get(1).line());
    }

    /** A config file that could not be named would be shared: a name that is not UTF-8 comes back byte for byte. */
    @Test
    void keepsPathsThatAreNotUtf8ByteForByte() throws Exception {
        byte[] path = {'e', 't', 'c', '/', 'c', 'a', 'f', (byte) 0xe9, (byte) 0xff};
        byte[] files = ("%BACKUP%\n" + new String(path, StandardCharsets.ISO_8859_1) + "\tabc\netc/café\tabc\n\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8Files = "%BACKUP%\netc/café\tabc\n\n".getBytes(StandardCharsets.UTF_8);

        ConfigFileList latin1 = configFiles(
                new PacmanPackage("latin", FILES_PATH, PacmanEntryParser.backups(FILES_PATH, files)));
        ConfigFileList utf8 = configFiles(
                new PacmanPackage("utf8", FILES_PATH, PacmanEntryParser.backups(FILES_PATH, utf8Files)));

        assertArrayEquals(("/" + new String(path, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1),
                latin1.files().get(0).pathBytes());
        assertArrayEquals("/etc/caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), latin1.files().get(1).pathBytes());
        assertEquals(List.of(ConfigFile.ofText("/etc/café", "utf8")), utf8.files());
        assertEquals(List.of(), latin1.warnings());
    }

    @Test
    void aPackageWithoutBackupSectionHasNoConfigFiles() throws Exception {
        assertEquals(List.of(), PacmanEntryParser.backups(FILES_PATH, bytes("%FILES%\nusr/bin/x\n\n")));
        assertEquals(List.of(), PacmanEntryParser.backups(FILES_PATH, new byte[0]));
    }

    @Test
    void dropsHostilePathsWithAWarningNamingThePackage() throws Exception {
        String files = "%BACKUP%\n../../etc/shadow\tabc\netc/../../../root/x\tabc\netc/a\0b\tabc\n"
                + "etc//./kept.conf\tabc\n\n";

        ConfigFileList result = configFiles(
                new PacmanPackage("evil", FILES_PATH, PacmanEntryParser.backups(FILES_PATH, bytes(files))));

        assertEquals(List.of(new ConfigFile("/etc/kept.conf", "evil")), result.files());
        assertEquals(3, result.warnings().size(), result.warnings()::toString);
        assertTrue(result.warnings().stream().allMatch(w -> w.startsWith("Package evil ") && w.contains(FILES_PATH)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cut short mid-line         | %BACKUP%\\netc/a\\tabc\\netc/b             | 3
            value outside a section    | %BACKUP%\\netc/a\\tabc\\n\\netc/b\\tabc\\n | 4
            backup entry without hash  | %BACKUP%\\netc/a\\n                       | 2
            repeated section           | %BACKUP%\\n\\n%BACKUP%\\n                 | 3
            """)
    void refusesADamagedFilesFileNamingFileAndLine(String what, String files, int line) {
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> PacmanEntryParser.backups(FILES_PATH, bytes(files.replace("\\n", "\n").replace("\\t", "\t"))));

        assertEquals(FILES_PATH, e.guestPath());
        assertTrue(e.getMessage().contains(FILES_PATH + " is damaged: line " + line + " "), e.getMessage());
    }

    @Test
    void refusesADescWithoutName() {
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> PacmanEntryParser.name(DESC_PATH, bytes("%VERSION%\n1-1\n\n")));

        assertEquals(DESC_PATH, e.guestPath());
    }

    /** Mutated entries may be refused, but only ever with a PackageDatabaseException. */
    @Test
    void damagedEntriesNeverEscapeAsUncheckedExceptions() {
        byte[] desc = bytes(DESC);
        byte[] files = bytes(FILES);
        byte[] alphabet = bytes("\n\t%/.\0\u00e9");
        Random random = new Random(20261103L);
        for (int round = 0; round < 20_000; round++) {
            byte[] mutatedDesc = mutate(desc, alphabet, random);
            byte[] mutatedFiles = mutate(files, alphabet, random);
            try {
                String name = PacmanEntryParser.name(DESC_PATH, mutatedDesc);
                configFiles(new PacmanPackage(name, FILES_PATH, PacmanEntryParser.backups(FILES_PATH, mutatedFiles)));
            } catch (PackageDatabaseException expected) {
                assertTrue(expected.guestPath().equals(DESC_PATH) || expected.guestPath().equals(FILES_PATH));
            }
        }
    }

    private static ConfigFileList configFiles(PacmanPackage p) throws PackageDatabaseException {
        PacmanConfigFiles configFiles = new PacmanConfigFiles("/var/lib/pacman/local");
        configFiles.add(p);
        return configFiles.result();
    }

    private static byte[] mutate(byte[] valid, byte[] alphabet, Random random) {
        byte[] mutated = Arrays.copyOf(valid, random.nextInt(4) == 0 ? random.nextInt(valid.length + 1) : valid.length);
        for (int i = random.nextInt(6); i > 0 && mutated.length > 0; i--) {
            mutated[random.nextInt(mutated.length)] = random.nextBoolean()
                    ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
        }
        return mutated;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
