package org.hashify.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade loop end to end: guests with the same real dpkg-installed package are unified, a
 * newer version is installed with {@code hashify pkg} by the real dpkg inside each guest, and the
 * new files end up shared again while a guest whose command failed is named.
 */
class PkgIT {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static long ino(Path p) throws Exception {
        return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void anUpgradeThroughHashifyIsSharedAgainAndAFailingGuestIsNamed() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chroot, namespaces and dpkg --root need root");
        assumeTrue(DpkgGuests.possible(), "needs busybox-static, dpkg and ldd");
        Path v1 = Debs.itest(tmp, "1.0", 5);
        Path v2 = Debs.itest(tmp, "2.0", 6);
        Path[] g = {tmp.resolve("g1"), tmp.resolve("g2"), tmp.resolve("g3")};
        for (Path guest : g) {
            DpkgGuests.build(guest);
            Files.writeString(guest.resolve("etc/os-release"), "ID=debian\nVERSION_ID=\"12\"\n");
        }
        for (Path guest : List.of(g[0], g[1])) {
            Hashify.Result i = Hashify.exec("dpkg", "--root=" + guest, "--force-not-root", "--force-script-chrootless",
                    "--force-bad-path", "--log=/dev/null", "-i", v1.toString());
            assertEquals(0, i.status(), i.err());
            Files.copy(v2, guest.resolve("tmp/newer.deb"));
        }
        Files.writeString(g[2].resolve("tmp/newer.deb"), "not a package");
        String store = tmp.resolve("store").toString();

        Hashify.Result first = Hashify.run("run", "--store", store, g[0].toString(), g[1].toString(), g[2].toString());
        assertEquals(0, first.status(), first.err());
        long oldObject = ino(g[0].resolve("usr/bin/itest"));
        assertEquals(oldObject, ino(g[1].resolve("usr/bin/itest")));

        Hashify.Result pkg = Hashify.run("pkg", "--json", "--parallel", "2", "--store", store, g[0].toString(),
                g[1].toString(), g[2].toString(), "--", "dpkg", "-i", "/tmp/newer.deb");
        assertEquals(1, pkg.status(), pkg.out() + pkg.err());
        JsonNode report = JSON.readTree(pkg.out());
        assertEquals(List.of("g3"), JSON.convertValue(report.get("failed"), List.class), pkg.out() + pkg.err());
        assertTrue(pkg.err().contains("failed in 1 of 3 guests: g3"), pkg.err());

        byte[] v2Binary = Files.readAllBytes(g[0].resolve("usr/bin/itest"));
        Path extracted = tmp.resolve("v2-payload");
        Debs.payload(extracted, 6);
        assertArrayEquals(Files.readAllBytes(extracted.resolve("usr/bin/itest")), v2Binary, "dpkg installed 2.0");
        assertEquals(ino(g[0].resolve("usr/bin/itest")), ino(g[1].resolve("usr/bin/itest")), "shared again");
        assertNotEquals(oldObject, ino(g[0].resolve("usr/bin/itest")));
        assertNotEquals(ino(g[0].resolve("usr/share/itest/defaults.conf")), ino(g[1].resolve("usr/share/itest/defaults.conf")),
                "the conffile outside /etc stays private after the upgrade too");
        for (JsonNode guest : report.get("guests")) {
            if (!guest.get("name").asText().equals("g3")) {
                assertEquals(0, guest.get("status").asInt());
                assertTrue(guest.get("reunified").asLong() >= 1, guest.toString());
            }
        }

        Hashify.Result gc = Hashify.run("gc", "--json", "--dry-run", "--store", store);
        assertEquals(0, gc.status(), gc.err());
        assertTrue(JSON.readTree(gc.out()).get("objectsRemoved").asLong() >= 1, "the old version's object is garbage");
    }

    @Test
    void upgradeRunsEachGuestsOwnUpgradeCommandFromItsDescriptor() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chroot and namespaces need root");
        assumeTrue(DpkgGuests.possible(), "needs busybox-static");
        Path guest = tmp.resolve("up");
        DpkgGuests.build(guest);
        Files.writeString(guest.resolve("etc/os-release"), "ID=testos\n");
        Path distros = Files.createDirectories(tmp.resolve("distros.d"));
        Files.writeString(distros.resolve("testos.json"), """
                {"id": "testos", "name": "Test OS", "family": "debian", "osReleaseIds": ["testos"], "styleFiles": [],
                 "vserverStyles": [], "packageManager": "dpkg",
                 "upgradeCommand": ["/bin/sh", "-c", "echo upgraded-by-descriptor > /tmp/upgraded"], "excludes": []}
                """);
        Hashify.Result r = Hashify.run("upgrade", "--distro-dir", distros.toString(), "--store",
                tmp.resolve("store").toString(), guest.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("upgraded-by-descriptor\n", Files.readString(guest.resolve("tmp/upgraded")));
        assertTrue(r.out().contains("in a chroot"), r.out());
    }

    @Test
    void anAliasRefusesAGuestOfAnotherFamily() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path guest = Files.createDirectories(tmp.resolve("deb"));
        Files.createDirectories(guest.resolve("etc"));
        Files.writeString(guest.resolve("etc/os-release"), "ID=debian\n");
        Files.createDirectories(guest.resolve("var/lib/dpkg"));
        Files.createFile(guest.resolve("var/lib/dpkg/status"));
        Hashify.Result r = Hashify.run("dnf", "--no-rehashify", guest.toString(), "--", "-y", "upgrade");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("dnf is for the redhat family"), r.err());
    }
}
