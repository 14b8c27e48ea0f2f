package org.hashify.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guest discovery through the runtime plugins' jars, on vserver, LXC and nspawn layouts built in
 * a temp root and named in a configuration file; and selection by runtime.
 */
class GuestsIT {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();
    private Path config;
    private final byte[] shared = new byte[30_000];

    private void guest(Path root, String osRelease) throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("usr/lib/os-release"), osRelease);
        Files.write(root.resolve("usr/bin/tool"), shared);
        Files.write(root.resolve("usr/bin/local-only"), shared);
        Files.setLastModifiedTime(root.resolve("usr/bin/tool"), java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
        Files.setLastModifiedTime(root.resolve("usr/bin/local-only"), java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
    }

    @BeforeEach
    void layouts() throws Exception {
        new java.util.Random(9).nextBytes(shared);
        Path vservers = tmp.resolve("etc/vservers");
        Path roots = Files.createDirectories(tmp.resolve("vservers"));
        for (String name : List.of("web", "mail", "old")) {
            guest(roots.resolve(name), "ID=debian\nVERSION_ID=12\n");
            Path cfg = Files.createDirectories(vservers.resolve(name));
            Files.createSymbolicLink(cfg.resolve("vdir"), roots.resolve(name));
        }
        Files.createFile(vservers.resolve("old/disabled"));
        Files.createDirectories(vservers.resolve("mail/apps/vunify"));
        Files.writeString(vservers.resolve("mail/apps/vunify/exclude"), "/usr/bin/local-only\n");
        Path lxc = tmp.resolve("var/lib/lxc");
        guest(lxc.resolve("db/rootfs"), "ID=ubuntu\nVERSION_ID=\"24.04\"\n");
        Files.writeString(lxc.resolve("db/config"), "lxc.uts.name = db\nlxc.rootfs.path = dir:" + lxc.resolve("db/rootfs") + "\n");
        Path machines = tmp.resolve("var/lib/machines");
        guest(machines.resolve("ci"), "ID=debian\n");
        config = tmp.resolve("hashify.json");
        Files.writeString(config, """
                {"store": "%s",
                 "runtimes": {"vserver": "%s", "lxc": "%s", "nspawn": "%s"},
                 "guests": [{"name": "chroot1", "root": "%s", "distro": "debian"}]}
                """.formatted(tmp.resolve("store"), vservers, lxc, machines, tmp.resolve("chroot1")));
        guest(tmp.resolve("chroot1"), "ID=junk-that-the-setting-overrides\n");
    }

    @Test
    void guestsListsEveryRuntimeAndSkipsDisabledOnes() throws Exception {
        Hashify.Result r = Hashify.run("guests", "--json", "--config", config.toString());
        assertEquals(0, r.status(), r.err());
        List<String> seen = new ArrayList<>();
        for (JsonNode g : JSON.readTree(r.out())) {
            seen.add(g.get("name").asText() + ":" + g.get("runtime").asText() + ":" + g.get("state").asText() + ":"
                    + g.get("distribution").asText() + ":" + g.get("packageManager").asText());
        }
        seen.sort(null);
        assertEquals(List.of("chroot1:dir:stopped:debian:dpkg", "ci:nspawn:stopped:debian:dpkg", "db:lxc:stopped:ubuntu:dpkg",
                "mail:vserver:stopped:debian:dpkg", "web:vserver:stopped:debian:dpkg"), seen);
        Hashify.Result names = Hashify.run("guests", "--names", "--config", config.toString());
        assertEquals(List.of("chroot1", "ci", "db", "mail", "web"), names.out().lines().sorted().toList());
    }

    @Test
    void runByRuntimeHonoursAVserverGuestsOwnExcludeList() throws Exception {
        Hashify.Result r = Hashify.run("run", "--json", "--runtime", "vserver", "--config", config.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        JsonNode report = JSON.readTree(r.out());
        assertEquals(2, report.get("guests").size(), "web and mail; old is disabled");
        Path web = tmp.resolve("vservers/web/usr/bin");
        Path mail = tmp.resolve("vservers/mail/usr/bin");
        assertEquals(ino(web.resolve("tool")), ino(mail.resolve("tool")));
        assertNotEquals(ino(mail.resolve("local-only")), ino(web.resolve("local-only")), "mail's exclude list keeps it private");
        assertTrue(Files.isDirectory(tmp.resolve("store/objects")), "the configuration's store");
        assertEquals(1, (Integer) Files.getAttribute(tmp.resolve("var/lib/machines/ci/usr/bin/tool"), "unix:nlink"),
                "guests of other runtimes were not touched");
    }

    @Test
    void selectionByDistributionAndState() throws Exception {
        Hashify.Result ubuntu = Hashify.run("detect", "--json", "--all", "--distro", "ubuntu", "--config", config.toString());
        assertEquals(0, ubuntu.status(), ubuntu.err());
        List<String> names = new ArrayList<>();
        JSON.readTree(ubuntu.out()).forEach(g -> names.add(g.get("name").asText()));
        assertEquals(List.of("db"), names);
        Hashify.Result stopped = Hashify.run("detect", "--json", "--stopped", "--runtime", "nspawn", "--config",
                config.toString());
        assertEquals(1, JSON.readTree(stopped.out()).size(), stopped.out());
        Hashify.Result running = Hashify.run("detect", "--json", "--running", "--config", config.toString());
        assertEquals(0, JSON.readTree(running.out()).size(), "no runtime tool says any guest runs here");
        Hashify.Result unknown = Hashify.run("detect", "nosuchguest", "--config", config.toString());
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("No guest is named \"nosuchguest\""), unknown.err());
    }

    private static Object ino(Path p) throws Exception {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }
}
