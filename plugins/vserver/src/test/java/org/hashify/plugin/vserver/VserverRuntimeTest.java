package org.hashify.plugin.vserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime.Discovery;
import org.hashify.plugin.support.ExtensionIndexes;
import org.hashify.plugin.support.FakeTool;
import org.hashify.plugin.support.HostTools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery from a fake /etc/vservers built in a temp root, and the vserver tool stood in for by scripts. */
class VserverRuntimeTest {

    @TempDir
    Path host;

    private Path etc;
    private Path vservers;
    private Path bin;

    @BeforeEach
    void createLayout() throws IOException {
        host = host.toRealPath(); // relative links resolve from real paths
        etc = Files.createDirectories(host.resolve("etc/vservers"));
        vservers = Files.createDirectories(host.resolve("vservers"));
        bin = Files.createDirectories(host.resolve("usr/sbin"));
    }

    @Test
    void findsGuestsWithTheirRootsExcludesStoreAndStyle() throws IOException {
        Path defaults = Files.createDirectories(etc.resolve(".defaults/apps/vunify"));
        Files.writeString(defaults.resolve("exclude"), "/etc/*\n");
        Files.createDirectories(vservers.resolve(".hash"));
        // A relative link, resolved against the directory holding it: .defaults/apps/vunify.
        Files.createSymbolicLink(defaults.resolve("hash"), Path.of("../../../../../vservers/.hash"));

        Path alpha = guestConfig("alpha");
        Files.createSymbolicLink(alpha.resolve("vdir"), guestRoot("alpha"));
        Files.createDirectories(alpha.resolve("apps/pkgmgmt"));
        Files.writeString(alpha.resolve("apps/pkgmgmt/style"), " debian \nignored\n");

        Path beta = guestConfig("beta");
        Files.createDirectories(beta.resolve("vdir/etc"));
        Files.createDirectories(beta.resolve("apps/vunify/hash"));
        Files.writeString(beta.resolve("apps/vunify/exclude"), "/var/*\n");

        Path gamma = guestConfig("gamma");
        guestRoot("gamma");
        Files.createSymbolicLink(gamma.resolve("vdir"), Path.of("../../../vservers/./gamma"));

        Path off = guestConfig("off");
        Files.createSymbolicLink(off.resolve("vdir"), guestRoot("off"));
        Files.createFile(off.resolve("disabled"));

        guestConfig("half-made");
        Files.writeString(etc.resolve("old.conf"), "legacy configuration\n");
        Files.createDirectories(etc.resolve(".hidden/vdir"));

        Discovery found = new VserverRuntime().discover(etc);

        Path hash = vservers.resolve(".hash");
        assertEquals(List.of(
                new DiscoveredGuest("alpha", "vserver", vservers.resolve("alpha"),
                        Optional.of(defaults.resolve("exclude")), Optional.of(hash), Optional.of("debian")),
                new DiscoveredGuest("beta", "vserver", beta.resolve("vdir"),
                        Optional.of(beta.resolve("apps/vunify/exclude")), Optional.of(beta.resolve("apps/vunify/hash")),
                        Optional.empty()),
                new DiscoveredGuest("gamma", "vserver", vservers.resolve("gamma"),
                        Optional.of(defaults.resolve("exclude")), Optional.of(hash), Optional.empty())),
                found.guests());
        assertEquals(List.of(), found.problems());
    }

    @Test
    void hasNoDefaultsToFallBackOnWhenThereIsNoDefaultsDirectory() throws IOException {
        Files.createSymbolicLink(guestConfig("alpha").resolve("vdir"), guestRoot("alpha"));

        Discovery found = new VserverRuntime().discover(etc);

        assertEquals(List.of(DiscoveredGuest.plain("alpha", "vserver", vservers.resolve("alpha"))), found.guests());
    }

    @Test
    void refusesRootsThatAreTheHostRootMissingOrNotDirectories() throws IOException {
        Path escapes = guestConfig("escapes");
        Files.createSymbolicLink(escapes.resolve("vdir"), Path.of("../".repeat(64)));
        Path viaLink = guestConfig("via-link");
        Path hostRoot = Files.createSymbolicLink(host.resolve("host-root"), Path.of("/"));
        Files.createSymbolicLink(viaLink.resolve("vdir"), hostRoot);
        Path dangling = guestConfig("dangling");
        Files.createSymbolicLink(dangling.resolve("vdir"), vservers.resolve("gone"));
        Path file = guestConfig("file");
        Files.writeString(file.resolve("vdir"), "/vservers/file\n");
        Files.createSymbolicLink(guestConfig("good").resolve("vdir"), guestRoot("good"));

        Discovery found = new VserverRuntime().discover(etc);

        assertEquals(List.of(DiscoveredGuest.plain("good", "vserver", vservers.resolve("good"))), found.guests());
        assertEquals(List.of(
                "vserver guest dangling: its root " + vservers.resolve("gone") + " (named by " + dangling.resolve("vdir")
                        + ") does not exist; skipped. Point vdir at the guest's root directory.",
                "vserver guest escapes: its root / (named by " + escapes.resolve("vdir")
                        + ") is the host's root directory; skipped. Point vdir at the guest's root directory.",
                "vserver guest file: " + file.resolve("vdir") + " is neither a symbolic link nor a directory; skipped."
                        + " Make it a symbolic link to the directory it names.",
                "vserver guest via-link: its root " + hostRoot + " (named by " + viaLink.resolve("vdir")
                        + ") leads to the host's root directory; skipped. Point vdir at the guest's root directory."),
                found.problems());
        // Else JUnit warns that it leaves the links' target alone.
        Files.delete(hostRoot);
        Files.delete(escapes.resolve("vdir"));
    }

    @Test
    void refusesAStoreThatIsTheHostRoot() throws IOException {
        Path alpha = guestConfig("alpha");
        Files.createSymbolicLink(alpha.resolve("vdir"), guestRoot("alpha"));
        Files.createDirectories(alpha.resolve("apps/vunify"));
        Files.createSymbolicLink(alpha.resolve("apps/vunify/hash"), Path.of("/"));

        Discovery found = new VserverRuntime().discover(etc);

        assertEquals(List.of(), found.guests());
        assertEquals(List.of("vserver guest alpha: its hash directory " + alpha.resolve("apps/vunify/hash")
                + " leads to the host's root directory; skipped. Point it at the store, for example /vservers/.hash."),
                found.problems());
        Files.delete(alpha.resolve("apps/vunify/hash")); // else JUnit warns that it leaves the link's target alone
    }

    @Test
    void refusesNamesWithANewlineAndPrintsThemEscaped() throws IOException {
        Files.createSymbolicLink(guestConfig("bad\nname").resolve("vdir"), guestRoot("bad"));
        Files.createSymbolicLink(guestConfig("-option").resolve("vdir"), guestRoot("option"));

        Discovery found = new VserverRuntime().discover(etc);

        assertEquals(List.of(), found.guests());
        assertEquals(List.of(
                "vserver guest -option: the name starts with '-', which the runtime's tools would take for an option;"
                        + " skipped. Rename the guest's configuration directory.",
                "vserver guest bad\\x0aname: the name contains a control character such as a newline; skipped."
                        + " Rename the guest's configuration directory."),
                found.problems());
    }

    @Test
    void findsNothingWhenThereIsNoConfigurationDirectory() throws IOException {
        Discovery found = new VserverRuntime().discover(host.resolve("absent"));

        assertEquals(List.of(), found.guests());
        assertEquals(List.of(), found.problems());
    }

    @Test
    void entersThroughVserverExecByNameOrByConfigurationPath() throws IOException {
        Path vserver = FakeTool.write(bin, "vserver", "exit 0");
        Files.createSymbolicLink(guestConfig("alpha").resolve("vdir"), guestRoot("alpha"));
        VserverRuntime runtime = new VserverRuntime(tools());
        DiscoveredGuest alpha = runtime.discover(etc).guests().get(0);

        assertEquals(List.of(vserver.toString(), etc.resolve("alpha").toString(), "exec", "apt-get", "-y", "upgrade"),
                runtime.enterCommand(alpha, List.of("apt-get", "-y", "upgrade")));
        // A guest this runtime did not discover is named as util-vserver names guests in /etc/vservers.
        DiscoveredGuest other = DiscoveredGuest.plain("other", "vserver", vservers.resolve("other"));
        assertEquals(List.of(vserver.toString(), "other", "exec", "true"), runtime.enterCommand(other, List.of("true")));
        assertThrows(IllegalArgumentException.class, () -> runtime.enterCommand(other, List.of()));
    }

    @Test
    void asksVserverRunningAndReadsItsExitStatus() throws IOException {
        Files.createSymbolicLink(guestConfig("alpha").resolve("vdir"), guestRoot("alpha"));
        VserverRuntime runtime = new VserverRuntime(tools());
        DiscoveredGuest alpha = runtime.discover(etc).guests().get(0);

        Path vserver = FakeTool.write(bin, "vserver", "exit 0");
        assertTrue(runtime.isRunning(alpha));
        assertEquals(etc.resolve("alpha") + "\nrunning\n", FakeTool.arguments(vserver));

        FakeTool.write(bin, "vserver", "exit 1");
        assertFalse(runtime.isRunning(alpha));

        FakeTool.write(bin, "vserver", "echo 'Can not find a vserver-setup' >&2; exit 5");
        IOException e = assertThrows(IOException.class, () -> runtime.isRunning(alpha));
        assertTrue(e.getMessage().startsWith("Cannot tell whether vserver guest alpha is running: '" + vserver + " "
                + etc.resolve("alpha") + " running' exited with status 5: Can not find a vserver-setup."),
                e.getMessage());
    }

    @Test
    void isNotRunningWithoutUtilVserver() throws IOException {
        DiscoveredGuest alpha = DiscoveredGuest.plain("alpha", "vserver", guestRoot("alpha"));

        assertFalse(new VserverRuntime(tools()).isRunning(alpha));
    }

    /** This machine has no util-vserver, so the production lookup in /usr/sbin, /usr/bin, /sbin, /bin answers no. */
    @Test
    void isNotRunningOnThisHostWhichLacksUtilVserver() throws IOException {
        Assumptions.assumeTrue(HostTools.system().find("vserver").isEmpty(), "util-vserver is installed here");

        assertFalse(new VserverRuntime().isRunning(DiscoveredGuest.plain("alpha", "vserver", guestRoot("alpha"))));
    }

    /** pf4j finds extensions only through the index its annotation processor writes. */
    @Test
    void isListedInThePf4jExtensionIndex() throws Exception {
        String entries = ExtensionIndexes.read(VserverRuntime.class.getClassLoader());
        assertTrue(entries.lines().anyMatch(VserverRuntime.class.getName()::equals),
                "not in any META-INF/extensions.idx (is pf4j in annotationProcessorPaths?): " + entries);
        assertEquals("vserver", new VserverRuntime().id());
        assertEquals(Path.of("/etc/vservers"), new VserverRuntime().defaultDirectory());
    }

    private HostTools tools() {
        return new HostTools(List.of(bin), Duration.ofSeconds(5));
    }

    private Path guestConfig(String name) throws IOException {
        return Files.createDirectories(etc.resolve(name));
    }

    private Path guestRoot(String name) throws IOException {
        return Files.createDirectories(vservers.resolve(name).resolve("etc")).getParent();
    }
}
