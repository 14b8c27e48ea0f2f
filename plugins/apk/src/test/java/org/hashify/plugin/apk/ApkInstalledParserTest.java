package org.hashify.plugin.apk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.hashify.api.ConfigFile;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.RawText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApkInstalledParserTest {

    private static final String DB = "/lib/apk/db/installed";

    @Test
    void readsEveryInstalledFileWithItsPackage() throws Exception {
        List<ApkFile> files = parse(ApkFixtures.INSTALLED);

        assertEquals(List.of("etc/motd", "etc/crontabs/root", "etc/init.d/local", "etc/apk/world", "sbin/mkmntdirs",
                "bin/busybox", "etc/udhcpd/udhcpd.conf", "usr/share/udhcpc/default.script"),
                files.stream().map(ApkFile::path).toList());
        assertEquals(new ApkFile("alpine-baselayout", "etc/motd", 18), files.get(0));
        assertEquals("busybox", files.get(5).owner());
    }

    @Test
    void configFilesAreTheProtectedInstalledFiles() throws Exception {
        ConfigFileList result = configFiles(bytes(ApkFixtures.INSTALLED), ProtectedPaths.builtIn());

        assertEquals(List.of(
                new ConfigFile("/etc/motd", "alpine-baselayout"),
                new ConfigFile("/etc/crontabs/root", "alpine-baselayout"),
                new ConfigFile("/etc/apk/world", "alpine-baselayout"),
                new ConfigFile("/etc/udhcpd/udhcpd.conf", "busybox")), result.files());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void dropsHostilePathsWithAWarningNamingThePackage() throws Exception {
        String db = "P:evil\nF:etc\nR:../../root/.ssh/authorized_keys\nF:etc/../..\nR:shadow\nF:etc\nR:ok\0nul\n"
                + "F:etc//./x\nR:kept.conf\n";

        ConfigFileList result = configFiles(bytes(db), ProtectedPaths.builtIn());

        assertEquals(List.of(new ConfigFile("/etc/x/kept.conf", "evil")), result.files());
        assertEquals(3, result.warnings().size(), result.warnings()::toString);
        assertTrue(result.warnings().stream()
                .allMatch(w -> w.startsWith("Package evil ") && w.contains(DB + " line ")));
    }

    /** A config file that could not be named would be shared: names that are not UTF-8 come back byte for byte. */
    @Test
    void keepsPathsThatAreNotUtf8ByteForByte() throws Exception {
        String directory = RawText.of(new byte[] {'e', 't', 'c', '/', (byte) 0xe9, 't', (byte) 0xe9});
        String file = RawText.of(new byte[] {'c', 'a', 'f', (byte) 0xff, '.', 'c', 'o', 'n', 'f'});
        String db = "P:latin\nF:" + directory + "\nR:" + file + "\nF:etc\nR:" + RawText.ofText("café.conf") + "\n";

        ConfigFileList result = configFiles(db.getBytes(StandardCharsets.ISO_8859_1), ProtectedPaths.builtIn());

        assertEquals(2, result.files().size(), result.files()::toString);
        assertArrayEquals(("/" + directory + "/" + file).getBytes(StandardCharsets.ISO_8859_1),
                result.files().get(0).pathBytes());
        assertEquals(ConfigFile.ofText("/etc/café.conf", "latin"), result.files().get(1));
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void anEmptyDatabaseHasNoPackages() throws Exception {
        assertEquals(List.of(), parse(""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cut short mid-line          | P:a\\nF:etc\\nR:mo                  | 3
            not a field line            | P:a\\nthis is not apk\\n           | 2
            file before any directory   | P:a\\nR:motd\\n                    | 2
            record without a name       | V:1.0\\nF:etc\\n\\nP:b\\n         | 1
            file before the name        | V:1.0\\nF:etc\\nR:motd\\n\\nP:b\\n | 3
            two names in one record     | P:a\\nP:b\\n                       | 2
            file without a name         | P:a\\nF:etc\\nR:\\n                | 3
            """)
    void refusesADamagedDatabaseNamingFileAndLine(String what, String db, int line) {
        PackageDatabaseException e = assertThrows(PackageDatabaseException.class,
                () -> parse(db.replace("\\n", "\n")));

        assertEquals(DB, e.guestPath());
        assertTrue(e.getMessage().contains(DB + " is damaged: line " + line + " "), e.getMessage());
    }

    /** Mutated databases may be refused, but only ever with a PackageDatabaseException. */
    @Test
    void damagedDatabasesNeverEscapeAsUncheckedExceptions() {
        byte[] valid = bytes(ApkFixtures.INSTALLED);
        byte[] alphabet = bytes("\n:/.\0\u00e9FRPZ*[]!-+@");
        Random random = new Random(20261102L);
        for (int round = 0; round < 20_000; round++) {
            int length = random.nextInt(4) == 0 ? random.nextInt(valid.length + 1) : valid.length;
            byte[] mutated = Arrays.copyOf(valid, length);
            for (int i = random.nextInt(6); i > 0 && mutated.length > 0; i--) {
                mutated[random.nextInt(mutated.length)] = random.nextBoolean()
                        ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            try {
                configFiles(mutated, ProtectedPaths.builtIn().plus("/etc/apk/protected_paths.d/x.list", mutated));
            } catch (PackageDatabaseException expected) {
                assertEquals(DB, expected.guestPath());
            }
        }
    }

    private static List<ApkFile> parse(String db) throws PackageDatabaseException {
        List<ApkFile> files = new ArrayList<>();
        ApkInstalledParser.parse(DB, bytes(db), files::add);
        return files;
    }

    private static ConfigFileList configFiles(byte[] db, ProtectedPaths rules) throws PackageDatabaseException {
        ApkConfigFiles configFiles = new ApkConfigFiles(DB, rules);
        ApkInstalledParser.parse(DB, db, configFiles);
        return configFiles.result();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
