package org.hashify.plugin.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime.Discovery;
import org.hashify.plugin.support.ExtensionIndexes;
import org.hashify.plugin.support.FakeTool;
import org.hashify.plugin.support.HostTools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery from a fake lxcpath built in a temp root, and lxc-info and lxc-attach stood in for by scripts. */
class LxcRuntimeTest {

    @TempDir
    Path host;

    private Path lxc;
    private Path roots;
    private Path bin;

    @BeforeEach
    void createLayout() throws IOException {
        host = host.toRealPath(); // relative links resolve from real paths
        lxc = Files.createDirectories(host.resolve("var/lib/lxc"));
        roots = Files.createDirectories(host.resolve("srv"));
        bin = Files.createDirectories(host.resolve("usr/bin"));
    }

    @Test
    void findsContainersByEveryFormOfADirectoryRootfs() throws IOException {
        container("dirpath", "lxc.rootfs.path = dir:" + root("dirpath"));
        container("plain", "lxc.rootfs.path = " + root("plain"));
        container("old", "# written by LXC 1.0\nlxc.rootfs = " + root("old"));
        container("subvolume", "lxc.rootfs.path = btrfs:" + root("subvolume"));
        Path byDefault = container("default", "lxc.uts.name = default\n");
        Files.createDirectories(byDefault.resolve("rootfs"));
        Files.createDirectories(lxc.resolve("no-config"));
        Files.writeString(lxc.resolve("lxc-monitord.log"), "");

        Discovery found = new LxcRuntime().discover(lxc);

        assertEquals(List.of(
                DiscoveredGuest.plain("default", "lxc", byDefault.resolve("rootfs")),
                DiscoveredGuest.plain("dirpath", "lxc", roots.resolve("dirpath")),
                DiscoveredGuest.plain("old", "lxc", roots.resolve("old")),
                DiscoveredGuest.plain("plain", "lxc", roots.resolve("plain")),
                DiscoveredGuest.plain("subvolume", "lxc", roots.resolve("subvolume"))),
                found.guests());
        assertEquals(List.of(), found.problems());
    }

    @Test
    void reportsRootsThatAreNoDirectoryTreeOrTheHostRoot() throws IOException {
        container("layered", "lxc.rootfs.path = overlay:/var/lib/lxc/base/rootfs:/var/lib/lxc/layered/delta0");
        container("pool", "lxc.rootfs.path = zfs:tank/lxc/pool");
        Path missing = container("missing", "lxc.arch = amd64\n");
        Path hostRoot = container("host", "lxc.rootfs.path = dir:/");
        Path escapes = container("escapes", "lxc.rootfs.path = " + roots + "/../".repeat(64));
        Path relative = container("relative", "lxc.rootfs.path = dir:rootfs");
        Path latin1 = container("latin1", "");
        Files.write(latin1.resolve("config"), "lxc.rootfs.path = /srv/caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        Discovery found = new LxcRuntime().discover(lxc);

        assertEquals(List.of(), found.guests());
        assertEquals(List.of(
                "lxc guest escapes: its rootfs / (lxc.rootfs.path in " + escapes.resolve("config")
                        + ") is the host's root directory; skipped. Point lxc.rootfs.path at the container's root"
                        + " directory.",
                "lxc guest host: its rootfs / (lxc.rootfs.path in " + hostRoot.resolve("config")
                        + ") is the host's root directory; skipped. Point lxc.rootfs.path at the container's root"
                        + " directory.",
                "lxc guest latin1: " + latin1.resolve("config") + " is not valid UTF-8; skipped. Repair the file.",
                "lxc guest layered: rootfs backend overlay is not a directory; skipped",
                "lxc guest missing: " + missing.resolve("config") + " sets no lxc.rootfs.path and the default rootfs "
                        + missing.resolve("rootfs") + " does not exist; skipped. Set lxc.rootfs.path in "
                        + missing.resolve("config") + ".",
                "lxc guest pool: rootfs backend zfs is not a directory; skipped",
                "lxc guest relative: its rootfs rootfs (lxc.rootfs.path in " + relative.resolve("config")
                        + ") is not an absolute path; skipped. Point lxc.rootfs.path at the container's root"
                        + " directory."),
                found.problems());
    }

    @Test
    void refusesNamesWithANewline() throws IOException {
        container("bad\nname", "lxc.rootfs.path = " + root("bad"));

        Discovery found = new LxcRuntime().discover(lxc);

        assertEquals(List.of(), found.guests());
        assertEquals(List.of("lxc guest bad\\x0aname: the name contains a control character such as a newline;"
                + " skipped. Rename the container (lxc-copy -R)."), found.problems());
    }

    @Test
    void entersWithLxcAttachInTheLxcpathItWasFoundIn() throws IOException {
        Path attach = FakeTool.write(bin, "lxc-attach", "exit 0");
        container("web", "lxc.rootfs.path = dir:" + root("web"));
        LxcRuntime runtime = new LxcRuntime(tools());
        DiscoveredGuest web = runtime.discover(lxc).guests().get(0);

        assertEquals(List.of(attach.toString(), "-n", "web", "-P", lxc.toString(), "--", "dnf", "-y", "upgrade"),
                runtime.enterCommand(web, List.of("dnf", "-y", "upgrade")));
        DiscoveredGuest other = DiscoveredGuest.plain("other", "lxc", roots.resolve("other"));
        assertEquals(List.of(attach.toString(), "-n", "other", "-P", "/var/lib/lxc", "--", "true"),
                runtime.enterCommand(other, List.of("true")));
    }

    @Test
    void asksLxcInfoForTheState() throws IOException {
        container("web", "lxc.rootfs.path = dir:" + root("web"));
        LxcRuntime runtime = new LxcRuntime(tools());
        DiscoveredGuest web = runtime.discover(lxc).guests().get(0);

        Path info = FakeTool.write(bin, "lxc-info", "echo 'State:          RUNNING'");
        assertTrue(runtime.isRunning(web));
        assertEquals("-s\n-n\nweb\n-P\n" + lxc + "\n", FakeTool.arguments(info));

        FakeTool.write(bin, "lxc-info", "echo 'State:          STOPPED'");
        assertFalse(runtime.isRunning(web));
        FakeTool.write(bin, "lxc-info", "echo 'State:          FROZEN'");
        assertFalse(runtime.isRunning(web));

        FakeTool.write(bin, "lxc-info", "echo \"web doesn't exist\" >&2; exit 1");
        IOException e = assertThrows(IOException.class, () -> runtime.isRunning(web));
        assertTrue(e.getMessage().startsWith("Cannot tell whether lxc guest web is running: '" + info
                + " -s -n web -P " + lxc + "' exited with status 1: web doesn't exist."), e.getMessage());
    }

    @Test
    void isNotRunningWithoutLxc() throws IOException {
        assertFalse(new LxcRuntime(tools()).isRunning(DiscoveredGuest.plain("web", "lxc", root("web"))));
    }

    /** This machine has no LXC, so the production lookup in /usr/sbin, /usr/bin, /sbin, /bin answers no. */
    @Test
    void isNotRunningOnThisHostWhichLacksLxc() throws IOException {
        Assumptions.assumeTrue(HostTools.system().find("lxc-info").isEmpty(), "LXC is installed here");

        assertFalse(new LxcRuntime().isRunning(DiscoveredGuest.plain("web", "lxc", root("web"))));
    }

    /** pf4j finds extensions only through the index its annotation processor writes. */
    @Test
    void isListedInThePf4jExtensionIndex() throws Exception {
        String entries = ExtensionIndexes.read(LxcRuntime.class.getClassLoader());
        assertTrue(entries.lines().anyMatch(LxcRuntime.class.getName()::equals),
                "not in any META-INF/extensions.idx (is pf4j in annotationProcessorPaths?): " + entries);
        assertEquals("lxc", new LxcRuntime().id());
        assertEquals(Path.of("/var/lib/lxc"), new LxcRuntime().defaultDirectory());
    }

    private HostTools tools() {
        return new HostTools(List.of(bin), Duration.ofSeconds(5));
    }

    private Path container(String name, String config) throws IOException {
        Path dir = Files.createDirectories(lxc.resolve(name));
        Files.writeString(dir.resolve("config"), config);
        return dir;
    }

    private Path root(String name) throws IOException {
        return Files.createDirectories(roots.resolve(name).resolve("etc")).getParent();
    }
}
