package org.hashify.plugin.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigFileExtractorTest {

    @Test
    void listsOnlyFilesFlaggedConfig() throws Exception {
        // 1 = %config, 17 = %config(noreplace), 65 = %ghost %config, 0 = a plain file, 2 = %doc
        byte[] blob = HeaderBuilder.pkg("alpha", List.of("/etc/alpha/", "/usr/share/doc/alpha/"),
                new int[] {0, 0, 0, 0, 1}, List.of("a.conf", "b.conf", "c.conf", "data", "README"),
                new int[] {1, 17, 65, 0, 2}).build();

        PackageConfig config = ConfigFileExtractor.extract(RpmHeader.parse(blob));

        assertEquals("alpha", config.packageName());
        assertEquals(List.of("/etc/alpha/a.conf", "/etc/alpha/b.conf", "/etc/alpha/c.conf"), config.paths());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void readsOldStyleFileNames() throws Exception {
        byte[] blob = new HeaderBuilder().string(RpmHeader.TAG_NAME, "ancient")
                .stringArray(RpmHeader.TAG_OLDFILENAMES, List.of("/etc/ancient.conf", "/bin/ancient"))
                .int32(RpmHeader.TAG_FILEFLAGS, 1, 0).build();

        assertEquals(List.of("/etc/ancient.conf"), ConfigFileExtractor.extract(RpmHeader.parse(blob)).paths());
    }

    @Test
    void packageWithoutFilesHasNoConfiguration() throws Exception {
        byte[] blob = new HeaderBuilder().string(RpmHeader.TAG_NAME, "gpg-pubkey").build();

        assertEquals(List.of(), ConfigFileExtractor.extract(RpmHeader.parse(blob)).paths());
    }

    @Test
    void dropsHostilePathsWithAWarningNamingThePackage() throws Exception {
        byte[] blob = HeaderBuilder.pkg("evil", List.of("/etc/", "/etc/../../", "relative/", "/etc/\u0001x/"),
                new int[] {0, 1, 2, 3, 0}, List.of("fine.conf", "etc/shadow", "x.conf", "ctl.conf", "./dot.conf"),
                new int[] {1, 1, 1, 1, 1}).build();

        PackageConfig config = ConfigFileExtractor.extract(RpmHeader.parse(blob));

        assertEquals(List.of("/etc/fine.conf", "/etc/\u0001x/ctl.conf"), config.paths());
        assertEquals(3, config.warnings().size(), config.warnings().toString());
        assertTrue(config.warnings().stream().allMatch(w -> w.startsWith("Package evil ")), config.warnings().toString());
        assertTrue(config.warnings().get(0).contains("'..'"), config.warnings().get(0));
        assertTrue(config.warnings().get(1).contains("not absolute"), config.warnings().get(1));
    }

    @Test
    void dropsInvalidUtf8() throws Exception {
        byte[] name = {'/', 'e', 't', 'c', '/', (byte) 0xff, 0};
        byte[] blob = new HeaderBuilder().string(RpmHeader.TAG_NAME, "latin")
                .raw(RpmHeader.TAG_OLDFILENAMES, 8, 6, 1, name)
                .int32(RpmHeader.TAG_FILEFLAGS, 1).build();

        PackageConfig config = ConfigFileExtractor.extract(RpmHeader.parse(blob));

        assertEquals(List.of(), config.paths());
        assertTrue(config.warnings().get(0).contains("UTF-8"), config.warnings().get(0));
    }

    @Test
    void refusesInconsistentFileTags() {
        byte[] fewerFlags = HeaderBuilder.pkg("p", List.of("/etc/"), new int[] {0, 0},
                List.of("a", "b"), new int[] {1}).build();
        byte[] badDirIndex = HeaderBuilder.pkg("p", List.of("/etc/"), new int[] {0, 5},
                List.of("a", "b"), new int[] {1, 1}).build();
        byte[] fewerDirIndexes = HeaderBuilder.pkg("p", List.of("/etc/"), new int[] {0},
                List.of("a", "b"), new int[] {1, 1}).build();
        byte[] noName = new HeaderBuilder().int32(RpmHeader.TAG_FILEFLAGS, 1).build();

        for (byte[] blob : List.of(fewerFlags, badDirIndex, fewerDirIndexes, noName)) {
            assertThrows(MalformedHeaderException.class, () -> ConfigFileExtractor.extract(RpmHeader.parse(blob)));
        }
    }
}
