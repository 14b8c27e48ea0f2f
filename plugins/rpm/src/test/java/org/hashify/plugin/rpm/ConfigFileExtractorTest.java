package org.hashify.plugin.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void keepsEveryByteOfAPath() throws Exception {
        byte[] name = {'/', 'e', 't', 'c', '/', (byte) 0xff, (byte) 0xc3, (byte) 0xa9, 0};
        byte[] blob = new HeaderBuilder().string(RpmHeader.TAG_NAME, "latin")
                .raw(RpmHeader.TAG_OLDFILENAMES, 8, 6, 1, name)
                .int32(RpmHeader.TAG_FILEFLAGS, 1).build();

        PackageConfig config = ConfigFileExtractor.extract(RpmHeader.parse(blob));

        assertEquals(List.of("/etc/\u00ff\u00c3\u00a9"), config.paths());
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
