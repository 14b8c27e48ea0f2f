package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.hashify.api.ConfigFile;
import org.hashify.api.ConfigFileList;
import org.junit.jupiter.api.Test;

class ConfigFileCollectorTest {

    private static final String DB = "/var/lib/x/db";

    private final ConfigFileCollector absolute = new ConfigFileCollector(false, DB);

    @Test
    void listsEachPathOnceWithTheFirstPackageThatNamesIt() throws Exception {
        offer(absolute, "/etc/a.conf", "first");
        offer(absolute, "//etc/./a.conf", "second");
        offer(absolute, "/etc/b.conf", "second");

        assertEquals(new ConfigFileList(List.of(new ConfigFile("/etc/a.conf", "first"),
                new ConfigFile("/etc/b.conf", "second")), List.of()), absolute.result());
    }

    @Test
    void makesRootRelativePathsAbsolute() throws Exception {
        ConfigFileCollector relative = new ConfigFileCollector(true, DB);
        offer(relative, "etc/a.conf", "p");

        assertEquals(List.of(new ConfigFile("/etc/a.conf", "p")), relative.result().files());
    }

    /** A config file that could not be named would be shared: names that are not UTF-8 stay byte-exact. */
    @Test
    void keepsPathsThatAreNotUtf8ByteForByte() throws Exception {
        byte[] path = {'/', 'e', 't', 'c', '/', (byte) 0xff, (byte) 0xe9, '.', 'c', 'o', 'n', 'f'};
        offer(absolute, RawText.of(path), RawText.ofText("paquet-é"));

        ConfigFile file = absolute.result().files().get(0);
        assertArrayEquals(path, file.pathBytes());
        assertEquals("paquet-é", file.owner(), "the owner is decoded for messages");
        assertEquals(List.of(), absolute.result().warnings());
    }

    @Test
    void refusesHostilePathsWithAWarningNamingPackageAndPlace() throws Exception {
        offer(absolute, "/etc/../../root/.ssh/authorized_keys", "evil\u00ff");

        assertEquals(List.of(), absolute.result().files());
        assertEquals(List.of("Package evil\\xff lists the path '/etc/../../root/.ssh/authorized_keys' (" + DB
                + " line 7), which hashify ignored because it has a '..' component."), absolute.result().warnings());
    }

    @Test
    void keepsTheFirstHundredWarningsAndCountsTheRest() throws Exception {
        for (int i = 0; i < 150; i++) {
            offer(absolute, "/../" + i, "evil");
        }

        List<String> warnings = absolute.result().warnings();
        assertEquals(ConfigFileCollector.MAX_WARNINGS + 1, warnings.size());
        assertEquals("A further 50 database entries were ignored for the same kinds of reasons.",
                warnings.get(ConfigFileCollector.MAX_WARNINGS));
        assertTrue(warnings.get(0).contains("'/../0'"), warnings.get(0));
    }

    private static void offer(ConfigFileCollector collector, String rawPath, String rawOwner) throws Exception {
        Optional<String> path = collector.check(rawPath, rawOwner, DB + " line 7");
        if (path.isPresent()) {
            collector.add(path.get(), rawOwner);
        }
    }
}
