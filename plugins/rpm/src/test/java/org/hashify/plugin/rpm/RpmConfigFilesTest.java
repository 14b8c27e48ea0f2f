package org.hashify.plugin.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hashify.api.ConfigFile;
import org.hashify.api.ConfigFileList;
import org.junit.jupiter.api.Test;

class RpmConfigFilesTest {

    private static final String DB = "/var/lib/rpm/rpmdb.sqlite";

    @Test
    void dropsHostilePathsWithAWarningNamingPackageAndHeader() throws Exception {
        byte[] blob = HeaderBuilder.pkg("evil", List.of("/etc/", "/etc/../../", "relative/", "/etc/\u0001x/"),
                new int[] {0, 1, 2, 3, 0}, List.of("fine.conf", "etc/shadow", "x.conf", "ctl.conf", "./dot.conf"),
                new int[] {1, 1, 1, 1, 1}).build();

        ConfigFileList result = read(blob);

        // A non-canonical path names a file all the same: it is normalised, not dropped.
        assertEquals(List.of(new ConfigFile("/etc/fine.conf", "evil"), new ConfigFile("/etc/\u0001x/ctl.conf", "evil"),
                new ConfigFile("/etc/dot.conf", "evil")), result.files());
        assertEquals(2, result.warnings().size(), result.warnings().toString());
        assertTrue(result.warnings().stream().allMatch(w -> w.startsWith("Package evil ")
                && w.contains("(package header 1 of " + DB + ")")), result.warnings().toString());
        assertTrue(result.warnings().get(0).contains("'..'"), result.warnings().get(0));
        assertTrue(result.warnings().get(1).contains("not absolute"), result.warnings().get(1));
    }

    /** A config file that could not be named would be shared: a name that is not UTF-8 comes back byte for byte. */
    @Test
    void keepsAPathThatIsNotUtf8ByteForByte() throws Exception {
        byte[] path = {'/', 'e', 't', 'c', '/', 'c', 'a', 'f', (byte) 0xe9, (byte) 0xff};
        byte[] name = new byte[path.length + 1];
        System.arraycopy(path, 0, name, 0, path.length);
        byte[] blob = new HeaderBuilder().string(RpmHeader.TAG_NAME, "latin")
                .raw(RpmHeader.TAG_OLDFILENAMES, 8, 6, 1, name)
                .int32(RpmHeader.TAG_FILEFLAGS, 1).build();

        ConfigFileList result = read(blob);

        assertEquals(1, result.files().size());
        assertArrayEquals(path, result.files().get(0).pathBytes());
        assertEquals("latin", result.files().get(0).owner());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void keepsUtf8PathsAsTheirBytesAndEachPathOnce() throws Exception {
        byte[] first = HeaderBuilder.pkg("cafe", List.of("/etc/"), new int[] {0}, List.of("café.conf"), new int[] {1})
                .build();
        byte[] second = HeaderBuilder.pkg("other", List.of("/etc/"), new int[] {0}, List.of("café.conf"), new int[] {1})
                .build();

        RpmConfigFiles files = new RpmConfigFiles(DB);
        files.addHeader(first, "package header 1");
        files.addHeader(second, "package header 2");

        assertEquals(List.of(ConfigFile.ofText("/etc/café.conf", "cafe")), files.result().files());
    }

    private static ConfigFileList read(byte[] blob) throws Exception {
        RpmConfigFiles files = new RpmConfigFiles(DB);
        files.addHeader(blob, "package header 1");
        return files.result();
    }
}
