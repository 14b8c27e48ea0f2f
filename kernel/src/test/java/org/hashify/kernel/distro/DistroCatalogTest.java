package org.hashify.kernel.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptors load strictly, directory after directory, a later one replacing an earlier one by id. */
class DistroCatalogTest {
    @TempDir
    Path tmp;

    private static final String DEBIAN = """
            {
              "id": "debian",
              "name": "Debian GNU/Linux",
              "family": "debian",
              "styleFiles": ["/etc/debian_version"],
              "vserverStyles": ["debian"],
              "packageManager": "dpkg",
              "upgradeCommand": ["/bin/sh", "-c", "apt-get update && apt-get -y dist-upgrade"]
            }
            """;

    private Path write(String dir, String name, String json) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(dir));
        return Files.writeString(d.resolve(name), json);
    }

    private DescriptorException loadFails(String json) throws IOException {
        Path file = write("bad", "debian.json", json);
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> DistroCatalog.load(List.of(file.getParent())));
        assertTrue(e.getMessage().startsWith(file + ": "), "names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void everyShippedDescriptorLoads() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Guests.SHIPPED)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 12, "descriptors found in " + Guests.SHIPPED + ": " + files);
        for (Path f : files) {
            DistroDescriptor d = DescriptorReader.read(f);
            assertEquals(f.getFileName().toString(), d.id() + ".json");
            assertFalse(d.upgradeCommand().isEmpty());
        }
        DistroCatalog catalog = Guests.shippedCatalog();
        Set<String> ids = catalog.all().stream().map(DistroDescriptor::id).collect(Collectors.toSet());
        assertTrue(ids.containsAll(Set.of("debian", "ubuntu", "devuan", "fedora", "rhel", "centos", "rocky",
                "almalinux", "opensuse", "alpine", "arch", "mandrake")), ids.toString());
        assertEquals(files.size(), ids.size());
    }

    @Test
    void shippedDescriptorsAnswerToTheRealNames() throws Exception {
        DistroCatalog c = Guests.shippedCatalog();
        assertEquals("opensuse", c.byOsReleaseId("opensuse-leap").orElseThrow().id());
        assertEquals("opensuse", c.byOsReleaseId("opensuse-tumbleweed").orElseThrow().id());
        assertEquals("rhel", c.byVserverStyle("redhat").orElseThrow().id());
        assertEquals("opensuse", c.byVserverStyle("suse").orElseThrow().id());
        assertEquals("mandrake", c.byVserverStyle("mandrake").orElseThrow().id());
        assertEquals("debian", c.byVserverStyle("debian\n").orElseThrow().id(), "a style file's newline is fine");
        assertEquals("fedora", c.byStyleFile("/etc/fedora-release").orElseThrow().id());
        assertEquals("opensuse", c.byStyleFile("/etc/SuSE-release").orElseThrow().id());
        assertEquals("dpkg", c.byId("ubuntu").orElseThrow().packageManager());
        assertEquals("redhat", c.byId("rocky").orElseThrow().family());
        for (DistroDescriptor d : c.all()) {
            assertTrue(Set.of("dpkg", "rpm", "apk", "pacman").contains(d.packageManager()), d.toString());
        }
    }

    @Test
    void aUserDirectoryReplacesABuiltInDescriptorById() throws Exception {
        Path builtIn = write("distros", "debian.json", DEBIAN).getParent();
        write("distros", "devuan.json", DEBIAN.replace("\"id\": \"debian\"", "\"id\": \"devuan\"")
                .replace("\"styleFiles\": [\"/etc/debian_version\"],", "")
                .replace("\"vserverStyles\": [\"debian\"],", ""));
        write("distros", "notes.txt", "not a descriptor, ignored");
        Path user = write("distros.d", "debian.json", DEBIAN.replace("apt-get -y dist-upgrade", "apt -y full-upgrade")
                .replace("\"vserverStyles\": [\"debian\"],", "")).getParent();
        write("distros.d", "mine.json", DEBIAN.replace("\"id\": \"debian\"", "\"id\": \"mine\"")
                .replace("\"styleFiles\": [\"/etc/debian_version\"],", "\"osReleaseIds\": [\"devuan\"],")
                .replace("\"vserverStyles\": [\"debian\"],", ""));
        DistroCatalog c = DistroCatalog.load(List.of(builtIn, user, tmp.resolve("missing")));
        assertEquals(List.of("/bin/sh", "-c", "apt-get update && apt -y full-upgrade"),
                c.byId("debian").orElseThrow().upgradeCommand());
        assertTrue(c.byVserverStyle("debian").isEmpty(), "the replaced descriptor's claims are gone with it");
        assertEquals("mine", c.byOsReleaseId("devuan").orElseThrow().id(),
                "a later directory's claim on an os-release id wins");
        assertEquals("devuan", c.byId("devuan").orElseThrow().id(), "the built-in descriptor stays otherwise");
        assertEquals(List.of("debian", "devuan", "mine"), c.all().stream().map(DistroDescriptor::id).toList());
        assertEquals(tmp.resolve("missing"), c.userDirectory());
    }

    @Test
    void anUnknownKeyIsRejectedNamingTheKeyAndFile() throws Exception {
        DescriptorException e = loadFails(DEBIAN.replace("\"family\"", "\"packagemanager\": \"dpkg\", \"family\""));
        assertTrue(e.getMessage().contains("unknown key \"packagemanager\""), e.getMessage());
        assertTrue(e.getMessage().contains("the keys are id, name, family, osReleaseIds"), e.getMessage());
    }

    @Test
    void malformedFilesAreRejectedInOneLine() throws Exception {
        assertTrue(loadFails("{ \"id\": \"debian\",, }").getMessage().contains("is not valid JSON"));
        assertTrue(loadFails("").getMessage().contains("is empty"));
        assertTrue(loadFails("[1, 2]").getMessage().contains("is not a descriptor object"));
        assertTrue(loadFails(DEBIAN.replace("\"upgradeCommand\": [", "\"upgradeCommand\": \"x\", \"u\": ["))
                .getMessage().contains("\"upgradeCommand\" must be a list of strings"));
        assertTrue(loadFails(DEBIAN.replace("\"dpkg\"", "7")).getMessage()
                .contains("\"packageManager\" must be a string"));
        assertTrue(loadFails(DEBIAN.replace("\"family\": \"debian\",", "")).getMessage()
                .contains("\"family\" is missing"));
        assertTrue(loadFails(DEBIAN.replace("\"name\"", "\"id\": \"debian\", \"name\"")).getMessage()
                .contains("Duplicate field 'id'"));
        assertTrue(loadFails(DEBIAN + "{}").getMessage().contains("is not"));
        assertTrue(loadFails(DEBIAN.replace("\"id\": \"debian\"", "\"id\": \"ubuntu\"")).getMessage()
                .contains("rename the file to ubuntu.json"));
    }

    @Test
    void twoDescriptorsInOneDirectoryMayNotClaimTheSameFile() throws Exception {
        Path dir = write("distros", "debian.json", DEBIAN).getParent();
        write("distros", "mydeb.json", DEBIAN.replace("\"id\": \"debian\"", "\"id\": \"mydeb\"")
                .replace("\"vserverStyles\": [\"debian\"],", ""));
        DescriptorException e = assertThrows(DescriptorException.class, () -> DistroCatalog.load(List.of(dir)));
        assertTrue(e.getMessage().contains("claims the style file \"/etc/debian_version\""), e.getMessage());
        assertTrue(e.getMessage().contains("debian.json") && e.getMessage().contains("mydeb.json"), e.getMessage());
    }

    @Test
    void aCatalogCanBeBuiltInCode() throws Exception {
        DistroDescriptor debian = DistroDescriptorTest.descriptor("debian", null, List.of("/etc/debian_version"), null);
        DistroDescriptor devuan = DistroDescriptorTest.descriptor("devuan", null, List.of("/etc/devuan_version"), null);
        DistroCatalog c = DistroCatalog.of(List.of(devuan, debian));
        assertEquals(List.of(debian, devuan), c.all());
        assertEquals(DistroCatalog.DEFAULT_USER_DIR, c.userDirectory());
        assertEquals(devuan, c.byStyleFile("/etc/devuan_version").orElseThrow());
        DescriptorException e = assertThrows(DescriptorException.class, () -> DistroCatalog.of(List.of(debian,
                DistroDescriptorTest.descriptor("ubuntu", List.of("debian"), null, null))));
        assertTrue(e.getMessage().contains("claims the os-release id \"debian\""), e.getMessage());
    }

    @Test
    void aPathThatIsNotADirectoryIsRefused() throws Exception {
        Path file = write("x", "file", "");
        DescriptorException e = assertThrows(DescriptorException.class, () -> DistroCatalog.load(List.of(file)));
        assertTrue(e.getMessage().startsWith(file + ": is not a directory"), e.getMessage());
    }
}
