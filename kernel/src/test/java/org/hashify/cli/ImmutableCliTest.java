package org.hashify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.hashify.kernel.exec.GuestOperation;
import org.hashify.kernel.guest.KnownGuest;
import org.hashify.kernel.testing.Flags;
import org.hashify.kernel.testing.GuestTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --immutable}, thaw, freeze, restore-flags, status, gc and pkg on frozen guests, as users meet them. */
class ImmutableCliTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path tmp;

    private final byte[] shared = GuestTree.random(1, 8000);
    private String store;

    @BeforeEach
    void needsRoot() {
        assumeTrue(GuestTree.isRoot(), "setting the immutable flag needs CAP_LINUX_IMMUTABLE (root)");
        store = tmp.resolve("store").toString();
    }

    @AfterEach
    void thawEverything() throws Exception {
        Flags.clearAll(tmp); // JUnit cannot delete a frozen file
    }

    private GuestTree guest(String name) throws Exception {
        return GuestTree.at(tmp.resolve(name)).file("usr/bin/shared", shared)
                .file("usr/bin/own-" + name, GuestTree.random(name.hashCode(), 3000));
    }

    private static CliTest.Result ok(String... args) {
        CliTest.Result r = CliTest.hashify(args);
        assertEquals(ExitCode.OK, r.status(), String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    private static boolean writable(Path file) throws Exception {
        try {
            Files.write(file, new byte[0], StandardOpenOption.APPEND);
            return true;
        } catch (FileSystemException e) {
            return false;
        }
    }

    @Test
    void runImmutableFreezesThawAndFreezeToggleAGuestsObjects() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        CliTest.Result run = ok("run", "--immutable", "--no-pkgmgmt", "--json", "--store", store, a.root().toString(),
                b.root().toString());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertTrue(report.get("immutable").asBoolean(), run.out());
        assertEquals("hardlink", report.get("mode").asText());
        assertFalse(writable(a.path("usr/bin/shared")), "no guest can write into a shared file");
        assertFalse(writable(b.path("usr/bin/own-b")), "nor into its own object");
        assertTrue(Files.readString(tmp.resolve("store/immutable")).contains("restore-flags"));

        CliTest.Result status = ok("status", "--store", store);
        assertTrue(status.out().contains("3 of 3 objects are frozen (immutable)."), status.out());

        CliTest.Result thaw = ok("thaw", "--store", store, b.root().toString());
        assertEquals("b: thawed 2 of the 2 store objects it uses (0 already were).\n", thaw.out());
        assertTrue(writable(b.path("usr/bin/own-b")));
        assertTrue(writable(a.path("usr/bin/shared")), "a shared object thaws for every guest that shares it");
        assertFalse(writable(a.path("usr/bin/own-a")), "a's own object stays frozen");

        CliTest.Result freeze = ok("freeze", "--json", "--store", store, b.root().toString());
        JsonNode outcome = new ObjectMapper().readTree(freeze.out()).get(0);
        assertEquals("b", outcome.get("guest").asText());
        assertEquals(2, outcome.get("changed").asInt());
        assertEquals(0, outcome.get("problems").size());
        assertFalse(writable(b.path("usr/bin/own-b")));
        assertFalse(writable(a.path("usr/bin/shared")));

        ok("thaw", "--for-good", "--store", store, a.root().toString(), b.root().toString());
        assertFalse(Files.exists(tmp.resolve("store/immutable")), "out of immutable use");
        GuestTree c = guest("c");
        ok("run", "--no-pkgmgmt", "--store", store, c.root().toString());
        assertTrue(writable(c.path("usr/bin/own-c")), "later runs freeze nothing");
    }

    @Test
    void theConfigurationsImmutableKeyFreezesAsTheOptionDoes() throws Exception {
        GuestTree a = guest("a");
        Path config = Files.writeString(tmp.resolve("hashify.json"), "{\"immutable\": true}");
        ok("run", "--config", config.toString(), "--no-pkgmgmt", "--store", store, a.root().toString());
        assertTrue(Flags.frozen(a.path("usr/bin/shared")));
    }

    @Test
    void restoreFlagsFreezesEveryObjectAfterARestoreLostTheFlags() throws Exception {
        GuestTree a = guest("a");
        GuestTree b = guest("b");
        ok("run", "--immutable", "--no-pkgmgmt", "--store", store, a.root().toString(), b.root().toString());
        Flags.chattr("-R", "-i", tmp.resolve("store/objects").toString()); // what tar or rsync give back
        assertTrue(writable(a.path("usr/bin/shared")));
        CliTest.Result status = ok("status", "--json", "--store", store);
        assertEquals(0, new ObjectMapper().readTree(status.out()).get("frozenObjects").asInt());

        CliTest.Result r = ok("restore-flags", "--store", store);
        assertEquals("Store " + store + ": froze 3 objects; 0 already were frozen.\n", r.out());
        assertFalse(writable(a.path("usr/bin/shared")));
        assertFalse(writable(a.path("usr/bin/own-a")));
        assertFalse(writable(b.path("usr/bin/own-b")));
        JsonNode again = new ObjectMapper().readTree(ok("restore-flags", "--json", "--store", store).out());
        assertEquals(0, again.get("frozen").asInt());
        assertEquals(3, again.get("alreadyFrozen").asInt());
    }

    @Test
    void gcRemovesAFrozenObjectNoGuestUses() throws Exception {
        GuestTree a = guest("a");
        ok("run", "--immutable", "--no-pkgmgmt", "--store", store, a.root().toString());
        ok("thaw", "--store", store, a.root().toString());
        Files.delete(a.path("usr/bin/own-a"));
        ok("restore-flags", "--store", store); // the garbage object is frozen again
        CliTest.Result gc = ok("gc", "--store", store);
        assertTrue(gc.out().startsWith("Removed 1 unused objects"), gc.out());
        assertTrue(Flags.frozen(a.path("usr/bin/shared")), "the object in use stays frozen");
    }

    @Test
    void mistakesAreOneLineWithExitStatusTwo() throws Exception {
        GuestTree a = guest("a");
        CliTest.Result none = CliTest.hashify("thaw", "--store", store);
        assertEquals(ExitCode.BAD_INPUT, none.status());
        assertTrue(none.err().contains("Name the guests"), none.err());
        CliTest.Result noStore = CliTest.hashify("freeze", "--store", store, a.root().toString());
        assertEquals(ExitCode.BAD_INPUT, noStore.status());
        assertEquals(1, noStore.err().lines().count(), noStore.err());
        assertTrue(noStore.err().contains("There is no store at " + store), noStore.err());
        CliTest.Result restore = CliTest.hashify("restore-flags", "--store", store);
        assertEquals(ExitCode.BAD_INPUT, restore.status());
        assertFalse(Files.exists(tmp.resolve("store")), "nothing was created");
        CliTest.Result dedupe = CliTest.hashify("run", "--immutable", "--mode", "dedupe", "--no-pkgmgmt", "--store", store,
                a.root().toString());
        assertEquals(ExitCode.BAD_INPUT, dedupe.status());
        assertTrue(dedupe.err().contains("hardlink mode"), dedupe.err());
    }

    @Test
    void pkgThawsAFrozenGuestRunsThePackageManagerAndFreezesItAgain() throws Exception {
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's busybox-static at /bin/busybox");
        String oldContent = "shared program of the old version, long enough to be shared\n";
        String newContent = "shared program of the new version, long enough to be shared\n";
        Path bb = busyboxGuest("bb");
        Files.writeString(bb.resolve("usr/bin/prog"), oldContent);
        GuestTree other = GuestTree.at(tmp.resolve("other"));
        Files.createDirectories(other.path("usr/bin"));
        Files.writeString(other.path("usr/bin/prog"), oldContent);
        Files.setLastModifiedTime(other.path("usr/bin/prog"), Files.getLastModifiedTime(bb.resolve("usr/bin/prog")));
        ok("run", "--immutable", "--no-pkgmgmt", "--store", store, bb.toString(), other.root().toString());
        assertEquals(Files.getAttribute(bb.resolve("usr/bin/prog"), "unix:ino"),
                Files.getAttribute(other.path("usr/bin/prog"), "unix:ino"));
        assertTrue(Flags.frozen(bb.resolve("usr/bin/prog")));
        assertTrue(Flags.frozen(bb.resolve("bin/busybox")));

        // What a package manager does: write the new version beside the old, rename it over the old.
        String upgrade = "echo '" + newContent.strip() + "' > /usr/bin/prog.new && mv /usr/bin/prog.new /usr/bin/prog";
        KnownGuest guest = KnownGuest.plain("bb", bb, Optional.empty());
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        GuestOperation.Result frozen = GuestOperation.run(List.of(new GuestOperation.Task(guest,
                List.of("/bin/sh", "-c", upgrade))), 1, false, Duration.ofSeconds(60), lines::add).get(0);
        assertFalse(frozen.outcome().succeeded(), "a frozen file cannot be replaced: " + lines);
        assertTrue(String.join("\n", lines).contains("not permitted"), lines.toString());
        GuestOperation.Result inPlace = GuestOperation.run(List.of(new GuestOperation.Task(guest,
                List.of("/bin/sh", "-c", "echo new > /usr/bin/prog"))), 1, false, Duration.ofSeconds(60), l -> { }).get(0);
        assertFalse(inPlace.outcome().succeeded(), "nor written in place");
        Files.deleteIfExists(bb.resolve("usr/bin/prog.new"));

        CliTest.Result pkg = ok("pkg", "--no-pkgmgmt", "--store", store, bb.toString(), "--", "/bin/sh", "-c", upgrade);
        assertTrue(pkg.out().contains("bb"), pkg.out());
        assertEquals(newContent, Files.readString(bb.resolve("usr/bin/prog"), StandardCharsets.UTF_8));
        assertEquals(oldContent, Files.readString(other.path("usr/bin/prog")), "the other guest keeps its version");
        assertNotEquals(Files.getAttribute(bb.resolve("usr/bin/prog"), "unix:ino"),
                Files.getAttribute(other.path("usr/bin/prog"), "unix:ino"));
        assertEquals(2, (Integer) Files.getAttribute(bb.resolve("usr/bin/prog"), "unix:nlink"), "re-hashified");
        assertTrue(Flags.frozen(bb.resolve("usr/bin/prog")), "the new object is frozen");
        assertTrue(Flags.frozen(other.path("usr/bin/prog")), "the old object is frozen again");
        assertTrue(Flags.frozen(bb.resolve("bin/busybox")), "and every other object of the guest");
        assertThrows(FileSystemException.class, () -> Files.writeString(bb.resolve("usr/bin/prog"), "x"));
        CliTest.Result status = ok("status", "--json", "--store", store);
        JsonNode st = new ObjectMapper().readTree(status.out());
        assertEquals(st.get("objects").asInt(), st.get("frozenObjects").asInt(), status.out());
    }

    @Test
    void pkgFreezesAgainWhenThePackageManagerFails() throws Exception {
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's busybox-static at /bin/busybox");
        Path bb = busyboxGuest("bb");
        ok("run", "--immutable", "--no-pkgmgmt", "--store", store, bb.toString());
        CliTest.Result pkg = CliTest.hashify("pkg", "--no-pkgmgmt", "--store", store, bb.toString(), "--", "/bin/sh", "-c",
                "exit 7");
        assertEquals(ExitCode.SOME_FAILED, pkg.status(), pkg.err());
        assertTrue(Flags.frozen(bb.resolve("bin/busybox")), "frozen again whatever the outcome");
    }

    /** A chroot guest of Debian's static busybox, as in ChrootExecTest. */
    private Path busyboxGuest(String name) throws Exception {
        Path root = tmp.resolve(name);
        for (String d : List.of("bin", "proc", "sys", "dev", "tmp", "usr/bin")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(BUSYBOX, root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "mv", "rm", "cat")) {
            Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
        }
        return root;
    }
}
