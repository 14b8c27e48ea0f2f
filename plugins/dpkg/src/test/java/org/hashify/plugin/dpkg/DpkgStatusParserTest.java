package org.hashify.plugin.dpkg;

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
import org.hashify.plugin.support.GuestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DpkgStatusParserTest {

    private static final String STATUS = "/var/lib/dpkg/status";

    private static final String SAMPLE = """
            Package: base-files
            Status: install ok installed
            Architecture: amd64
            Version: 12.4
            Conffiles:
             /etc/debian_version 4b1a2f2bbcd8bbcf9e3bb9d2b2d6a1e1
             /etc/host.conf 4eb63731c9f5e30903ac4fc07a7fe3d6
             /etc/issue 6a1d0d3f0fcb1e3b0b5bf2bc7b0b8f6d obsolete
            Description: Debian base system miscellaneous files
             This package contains the basic filesystem hierarchy.
             .
             It also contains /etc/not-a-conffile in its description.

            Package: libfoo1
            Status: install ok unpacked
            Architecture: i386
            Multi-Arch: same
            Conffiles:
             /etc/foo/with space.conf newconffile
             /etc/foo/gone.conf 0123456789abcdef0123456789abcdef remove-on-upgrade

            Package: removed
            Status: deinstall ok config-files
            Conffiles:
             /etc/removed.conf 0123456789abcdef0123456789abcdef

            Package: purged
            Status: purge ok not-installed
            Conffiles:
             /etc/purged.conf 0123456789abcdef0123456789abcdef

            Package: pending
            Status: install ok triggers-pending
            Conffiles:
             /etc/pending.conf 0123456789abcdef0123456789abcdef
            """;

    @Test
    void readsConffilesOfEveryPackageWhoseFilesAreOnDisk() throws Exception {
        ConfigFileList result = DpkgConfigFiles.collect(STATUS, DpkgStatusParser.parse(STATUS, bytes(SAMPLE)));

        assertEquals(List.of(
                new ConfigFile("/etc/debian_version", "base-files"),
                new ConfigFile("/etc/host.conf", "base-files"),
                new ConfigFile("/etc/issue", "base-files"),
                new ConfigFile("/etc/foo/with space.conf", "libfoo1:i386"),
                new ConfigFile("/etc/foo/gone.conf", "libfoo1:i386"),
                new ConfigFile("/etc/removed.conf", "removed"),
                new ConfigFile("/etc/pending.conf", "pending")), result.files());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void keepsStatesAndNamesAsTheDatabaseSaysThem() throws Exception {
        List<DpkgPackage> packages = DpkgStatusParser.parse(STATUS, bytes(SAMPLE));

        assertEquals(List.of("base-files", "libfoo1:i386", "removed", "purged", "pending"),
                packages.stream().map(DpkgPackage::owner).toList());
        assertEquals(List.of(DpkgState.INSTALLED, DpkgState.UNPACKED, DpkgState.CONFIG_FILES,
                DpkgState.NOT_INSTALLED, DpkgState.TRIGGERS_PENDING),
                packages.stream().map(DpkgPackage::state).toList());
        assertEquals(7, packages.get(0).conffiles().get(1).line());
    }

    @Test
    void anEmptyDatabaseHasNoPackages() throws Exception {
        assertEquals(List.of(), DpkgStatusParser.parse(STATUS, new byte[0]));
    }

    @Test
    void dropsHostilePathsWithAWarningNamingThePackage() throws Exception {
        String status = """
                Package: evil
                Status: install ok installed
                Conffiles:
                 /../../etc/shadow 0123456789abcdef0123456789abcdef
                 /etc/ok/../../../root/.ssh/authorized_keys 0123456789abcdef0123456789abcdef
                 etc/relative 0123456789abcdef0123456789abcdef
                 /etc/nul\0byte 0123456789abcdef0123456789abcdef
                 //etc/./kept.conf 0123456789abcdef0123456789abcdef
                """;

        ConfigFileList result = DpkgConfigFiles.collect(STATUS, DpkgStatusParser.parse(STATUS, bytes(status)));

        assertEquals(List.of(new ConfigFile("/etc/kept.conf", "evil")), result.files());
        assertEquals(4, result.warnings().size());
        assertTrue(result.warnings().stream().allMatch(w -> w.startsWith("Package evil ") && w.contains(STATUS)),
                result.warnings()::toString);
        assertTrue(result.warnings().get(0).contains("line 4") && result.warnings().get(0).contains("'..'"));
        assertTrue(result.warnings().get(3).contains("\\x00"), "the NUL is escaped, not printed");
    }

    /** A conffile that could not be named would be shared: a name that is not UTF-8 comes back byte for byte. */
    @Test
    void keepsAPathThatIsNotUtf8ByteForByte() throws Exception {
        byte[] path = {'/', 'e', 't', 'c', '/', 'c', 'a', 'f', (byte) 0xe9, (byte) 0xff, '.', 'c', 'o', 'n', 'f'};
        byte[] status = concat(bytes("Package: latin\nStatus: install ok installed\nConffiles:\n "), path,
                bytes(" 0123456789abcdef0123456789abcdef\n"));

        ConfigFileList result = DpkgConfigFiles.collect(STATUS, DpkgStatusParser.parse(STATUS, status));

        assertEquals(1, result.files().size());
        assertArrayEquals(path, result.files().get(0).pathBytes());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void keepsUtf8PathsAsTheirBytes() throws Exception {
        String status = "Package: cafe\nStatus: install ok installed\nConffiles:\n /etc/café.conf 00\n";

        ConfigFileList result = DpkgConfigFiles.collect(STATUS, DpkgStatusParser.parse(STATUS, bytes(status)));

        assertEquals(List.of(ConfigFile.ofText("/etc/café.conf", "cafe")), result.files());
    }

    @Test
    void refusesImplausiblyManyConffiles() {
        StringBuilder status = new StringBuilder("Package: big\nStatus: install ok installed\nConffiles:\n");
        for (int i = 0; i <= GuestDatabase.MAX_ENTRIES; i++) {
            status.append(" /e/").append(i).append(" 0\n");
        }

        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> DpkgStatusParser.parse(STATUS, bytes(status.toString())));

        assertTrue(e.getMessage().contains("lists more than " + GuestDatabase.MAX_ENTRIES), e.getMessage());
    }

    @Test
    void laterJournalRecordsReplaceStatusRecords() throws Exception {
        List<DpkgPackage> status = DpkgStatusParser.parse(STATUS, bytes("""
                Package: a
                Status: install ok installed
                Conffiles:
                 /etc/a.old 0123456789abcdef0123456789abcdef

                Package: b
                Status: install ok installed
                """));
        List<DpkgPackage> update = DpkgStatusParser.parse("/var/lib/dpkg/updates/0000", bytes("""
                Package: a
                Status: install ok half-configured
                Conffiles:
                 /etc/a.new 0123456789abcdef0123456789abcdef
                """));

        ConfigFileList result = DpkgConfigFiles.collect(STATUS, DpkgConfigFiles.merge(status, List.of(update)));

        assertEquals(List.of(new ConfigFile("/etc/a.new", "a")), result.files());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cut short mid-line      | Package: a\\nStatus: install ok inst                                 | 2
            continuation first      | ' /etc/x 0123\\nPackage: a\\n'                                        | 1
            not a field             | Package: a\\nStatus: install ok installed\\nGarbage here\\n            | 3
            no Package              | Status: install ok installed\\n                                       | 1
            no Status               | Package: a\\nVersion: 1\\n                                            | 1
            Status of two words     | Package: a\\nStatus: install installed\\n                             | 2
            unknown state           | Package: a\\nStatus: install ok exploded\\n                           | 2
            repeated field          | Package: a\\nStatus: install ok installed\\nPackage: b\\n             | 3
            conffile without hash   | Package: a\\nStatus: install ok installed\\nConffiles:\\n /etc/x\\n     | 4
            conffile of flags only  | Package: a\\nStatus: install ok installed\\nConffiles:\\n /x obsolete\\n | 4
            conffile on field line  | Package: a\\nStatus: install ok installed\\nConffiles: /etc/x 0123\\n  | 3
            """)
    void refusesADamagedDatabaseNamingFileAndLine(String what, String status, int line) {
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> DpkgStatusParser.parse(STATUS, bytes(status.replace("\\n", "\n"))));

        assertEquals(STATUS, e.guestPath());
        assertTrue(e.getMessage().contains(STATUS + " is damaged: line " + line + " "), e.getMessage());
    }

    @Test
    void infoListsNameTheirPackageAndMayCarryFlags() throws Exception {
        DpkgPackage p = DpkgInfoParser.parse("/var/lib/dpkg/info/libbar:arm64.conffiles",
                bytes("/etc/bar.conf\nremove-on-upgrade /etc/bar.old\n\n"));

        assertEquals("libbar:arm64", p.owner());
        assertEquals(List.of("/etc/bar.conf", "/etc/bar.old"), p.conffiles().stream().map(DpkgConffile::path).toList());
        assertThrows(PackageDatabaseException.class, () -> DpkgInfoParser.parse(
                "/var/lib/dpkg/info/x.conffiles", bytes("sideways /etc/x\n")));
    }

    /** Mutated databases may be refused, but only ever with a PackageDatabaseException. */
    @Test
    void damagedDatabasesNeverEscapeAsUncheckedExceptions() {
        byte[] valid = bytes(SAMPLE);
        Random random = new Random(20261101L);
        for (int round = 0; round < 20_000; round++) {
            byte[] mutated = mutate(valid, random);
            try {
                DpkgConfigFiles.collect(STATUS, DpkgStatusParser.parse(STATUS, mutated));
            } catch (PackageDatabaseException expected) {
                assertEquals(STATUS, expected.guestPath());
            }
        }
    }

    private static byte[] mutate(byte[] valid, Random random) {
        int length = random.nextInt(4) == 0 ? random.nextInt(valid.length + 1) : valid.length;
        byte[] mutated = Arrays.copyOf(valid, length);
        byte[] alphabet = bytes(" \n\t:/.\0\u00e9abcobsolete-");
        for (int i = random.nextInt(6); i > 0 && length > 0; i--) {
            mutated[random.nextInt(length)] = random.nextBoolean()
                    ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
        }
        return mutated;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
