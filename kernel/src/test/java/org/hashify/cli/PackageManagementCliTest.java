package org.hashify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hashify.kernel.plugin.PluginHostTest;
import org.hashify.kernel.testing.GuestTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} and {@code detect} with a package manager from an external plugin jar and a
 * distribution from a user descriptor: configuration files outside the exclude list stay private.
 */
class PackageManagementCliTest {
    @TempDir
    Path tmp;

    private Path plugins;
    private Path distros;
    private final byte[] conf = GuestTree.random(1, 3000);
    private final byte[] binary = GuestTree.random(2, 9000);

    @BeforeEach
    void pluginAndDescriptor() throws Exception {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        PluginHostTest.fakePmJar(plugins);
        distros = Files.createDirectories(tmp.resolve("distros.d"));
        Files.writeString(distros.resolve("fakeos.json"), """
                {"id": "fakeos", "name": "Fake OS", "family": "fake", "osReleaseIds": ["fakeos"],
                 "styleFiles": [], "vserverStyles": [], "packageManager": "fakepm",
                 "upgradeCommand": ["/bin/true"], "excludes": ["/opt/cache"]}
                """);
    }

    private GuestTree fakeGuest(String name) throws Exception {
        return GuestTree.at(tmp.resolve(name)).file("usr/lib/os-release", "ID=fakeos\nVERSION_ID=\"3.1\"\n")
                .file("var/lib/fakepm/conffiles", "/usr/share/app/app.conf\n/../../etc/shadow\n")
                .file("usr/share/app/app.conf", conf).file("usr/bin/app", binary).file("opt/cache/blob", binary);
    }

    private String[] args(String... rest) {
        String[] head = {"--plugin-dir", plugins.toString(), "--distro-dir", distros.toString()};
        String[] all = new String[rest.length + head.length];
        all[0] = rest[0];
        System.arraycopy(head, 0, all, 1, head.length);
        System.arraycopy(rest, 1, all, 1 + head.length, rest.length - 1);
        return all;
    }

    @Test
    void configurationFilesListedByThePackageDatabaseStayPrivate() throws Exception {
        GuestTree a = fakeGuest("a");
        GuestTree b = fakeGuest("b");
        CliTest.Result r = CliTest.hashify(args("run", "--json", "--store", tmp.resolve("store").toString(),
                a.root().toString(), b.root().toString()));
        assertEquals(ExitCode.OK, r.status(), r.err());
        assertEquals(Files.getAttribute(a.path("usr/bin/app"), "unix:ino"), Files.getAttribute(b.path("usr/bin/app"), "unix:ino"));
        assertNotEquals(Files.getAttribute(a.path("usr/share/app/app.conf"), "unix:ino"),
                Files.getAttribute(b.path("usr/share/app/app.conf"), "unix:ino"), "the database's config file stays private");
        assertNotEquals(Files.getAttribute(a.path("opt/cache/blob"), "unix:ino"),
                Files.getAttribute(b.path("opt/cache/blob"), "unix:ino"), "the descriptor's own excludes apply");
        assertTrue(r.err().contains("/../../etc/shadow") && r.err().contains("warning"), r.err());
        JsonNode guest = new ObjectMapper().readTree(r.out()).get("guests").get(0);
        assertEquals(1, guest.get("configFiles").asInt());
        assertEquals(1, guest.get("packages").get("configFiles").asInt());
        assertEquals("fakeos", guest.get("packages").get("distribution").asText());
    }

    @Test
    void withoutPackageManagementTheSameFileIsSharedAndTheReportSaysSo() throws Exception {
        GuestTree a = fakeGuest("a");
        GuestTree b = fakeGuest("b");
        CliTest.Result r = CliTest.hashify(args("run", "--no-pkgmgmt", "--store", tmp.resolve("store").toString(),
                a.root().toString(), b.root().toString()));
        assertEquals(ExitCode.OK, r.status(), r.err());
        assertEquals(Files.getAttribute(a.path("usr/share/app/app.conf"), "unix:ino"),
                Files.getAttribute(b.path("usr/share/app/app.conf"), "unix:ino"));
        assertTrue(r.out().contains("package databases not read (--no-pkgmgmt)"), r.out());
    }

    @Test
    void aGuestWithoutAConfigurationListIsNeverUnified() throws Exception {
        GuestTree good = fakeGuest("good");
        GuestTree unknown = GuestTree.at(tmp.resolve("unknown")).file("usr/bin/app", binary);
        GuestTree broken = fakeGuest("broken");
        Files.delete(broken.path("var/lib/fakepm/conffiles"));
        Files.createDirectory(broken.path("var/lib/fakepm/conffiles")); // present, but not readable as a database
        CliTest.Result r = CliTest.hashify(args("run", "--store", tmp.resolve("store").toString(), good.root().toString(),
                unknown.root().toString(), broken.root().toString()));
        assertEquals(ExitCode.SOME_FAILED, r.status(), r.err());
        assertTrue(r.err().contains("guest unknown") && r.err().contains("--no-pkgmgmt"), r.err());
        assertTrue(r.err().contains("guest broken"), r.err());
        assertEquals(1, (Integer) Files.getAttribute(unknown.path("usr/bin/app"), "unix:nlink"));
        assertEquals(1, (Integer) Files.getAttribute(broken.path("usr/bin/app"), "unix:nlink"));
        assertEquals(2, (Integer) Files.getAttribute(good.path("usr/bin/app"), "unix:nlink"), "the good guest was done");
    }

    @Test
    void detectSaysWhatAndHow() throws Exception {
        GuestTree a = fakeGuest("a");
        CliTest.Result r = CliTest.hashify(args("detect", "--json", a.root().toString()));
        assertEquals(ExitCode.OK, r.status(), r.err());
        JsonNode g = new ObjectMapper().readTree(r.out()).get(0);
        assertEquals("fakeos", g.get("distribution").asText());
        assertEquals("3.1", g.get("version").asText());
        assertEquals("fakepm", g.get("packageManager").asText());
        assertEquals(1, g.get("configFiles").asInt());
        assertTrue(g.get("how").asText().contains("os-release"), g.get("how").asText());
        CliTest.Result plugins = CliTest.hashify("plugins", "--plugin-dir", this.plugins.toString(), "--json");
        assertTrue(plugins.out().contains("org.example.fakepm.FakePackageManager"), plugins.out());
    }
}
