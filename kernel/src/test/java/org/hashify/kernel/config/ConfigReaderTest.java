package org.hashify.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
    @TempDir
    Path tmp;

    private Path write(String json) throws Exception {
        Path f = tmp.resolve("hashify.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void noFileAtTheStandardPlaceMeansDefaults() throws Exception {
        HashifyConfig c = ConfigReader.read(tmp.resolve("absent.json"), true);
        assertEquals(Path.of("/vservers/.hash"), c.storeOrDefault());
        assertEquals(16, c.minSizeOrDefault());
        assertEquals(List.of(), c.guests());
    }

    @Test
    void aFileTheUserNamedMustExist() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(tmp.resolve("absent.json"), false));
        assertTrue(e.getMessage().contains("absent.json"), e.getMessage());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        HashifyConfig c = ConfigReader.read(write("""
                {"store": "/srv/.hash", "guests": [{"name": "build", "root": "/srv/build", "distro": "debian"}],
                 "runtimes": {"lxc": "/srv/lxc", "vserver": "off"}, "exclude": "/etc/hashify/exclude",
                 "mode": "hardlink", "minSize": 100, "ignoreMtime": true,
                 "pluginDirs": ["/opt/p"], "distroDirs": ["/opt/d"], "immutable": true}
                """), false);
        assertEquals(Path.of("/srv/.hash"), c.store());
        assertEquals("build", c.guests().get(0).name());
        assertEquals("debian", c.guests().get(0).distro());
        assertEquals(Map.of("lxc", "/srv/lxc", "vserver", "off"), c.runtimes());
        assertEquals(100, c.minSizeOrDefault());
        assertTrue(c.ignoreMtimeOrDefault());
        assertEquals(List.of(Path.of("/opt/p")), c.pluginDirs());
        assertTrue(c.immutableOrDefault());
        assertTrue(!ConfigReader.read(write("{}"), false).immutableOrDefault(), "not immutable unless asked");
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheKeyAndLine() throws Exception {
        Path f = write("{\n  \"store\": \"/srv/.hash\",\n  \"stroe\": \"/typo\"\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(f, false));
        assertTrue(e.getMessage().contains("\"stroe\"") && e.getMessage().contains("line 3") && e.getMessage().contains(f.toString()),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void badValuesAreErrorsSayingWhatIsWrong() throws Exception {
        for (String json : List.of("{\"mode\": \"fast\"}", "{\"minSize\": -1}", "{\"store\": \"relative\"}",
                "{\"guests\": [{\"name\": \"x\"}]}", "{\"guests\": [{\"name\": \"a/b\", \"root\": \"/x\"}]}", "[1,2]",
                "{\"store\": ", "not json", "{} trailing",
                "{\"immutable\": \"yes\"}", "{\"mode\": \"dedupe\", \"immutable\": true}")) {
            Path f = write(json);
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(f, false), json);
            assertTrue(e.getMessage().startsWith("Configuration " + f) && !e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
