package org.hashify.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command and real package databases, through bin/hashify with the plugins
 * loaded from their packaged jars by pf4j.
 */
class DistributionIT {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Object ino(Path p) throws Exception {
        return Files.getAttribute(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void demoHashifiesItsGuestsAndKeepsTheirConfigurationFilesPrivate() throws Exception {
        Hashify.Result r = Hashify.run("demo", "--json", tmp.resolve("demo").toString());
        assertEquals(0, r.status(), r.err());
        JsonNode report = JSON.readTree(r.out());
        assertTrue(report.get("bytesSaved").asLong() > 5_000_000, r.out());
        for (JsonNode g : report.get("guests")) {
            assertEquals("dpkg", g.get("packages").get("packageManager").asText(), r.out());
            assertEquals(2, g.get("packages").get("configFiles").asInt(), r.out());
        }
        Path alpha = tmp.resolve("demo/alpha");
        Path beta = tmp.resolve("demo/beta");
        assertEquals(ino(alpha.resolve("usr/bin/prog01")), ino(beta.resolve("usr/bin/prog01")));
        assertNotEquals(ino(alpha.resolve("usr/lib/demo/defaults.conf")), ino(beta.resolve("usr/lib/demo/defaults.conf")),
                "a dpkg conffile outside /etc stays private");
        Hashify.Result again = Hashify.run("run", "--json", "--store", tmp.resolve("demo/store").toString(),
                alpha.toString(), beta.toString(), tmp.resolve("demo/gamma").toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(0, JSON.readTree(again.out()).get("bytesHashed").asLong(), "the second run reads no content");
    }

    @Test
    void dpkgGuestsInstalledByTheRealDpkg() throws Exception {
        assumeTrue(Hashify.available("dpkg-deb") && Hashify.available("dpkg"), "needs dpkg and dpkg-deb");
        assumeTrue("root".equals(System.getProperty("user.name")), "dpkg --root needs root");
        Path deb = buildDeb();
        Path[] guests = {tmp.resolve("g1"), tmp.resolve("g2")};
        for (Path g : guests) {
            Files.createDirectories(g.resolve("var/lib/dpkg/info"));
            Files.createDirectories(g.resolve("var/lib/dpkg/updates"));
            Files.createFile(g.resolve("var/lib/dpkg/status"));
            Hashify.Result i = Hashify.exec("dpkg", "--root=" + g, "--force-not-root", "--force-script-chrootless",
                    "--force-bad-path", "--log=/dev/null", "-i", deb.toString());
            assertEquals(0, i.status(), i.err());
        }
        Hashify.Result q = Hashify.exec("dpkg-query", "--admindir=" + guests[0].resolve("var/lib/dpkg"), "-W",
                "-f=${Conffiles}\\n");
        Set<String> expected = new TreeSet<>();
        q.out().lines().map(String::strip).filter(l -> l.startsWith("/")).forEach(l -> expected.add(l.split(" ")[0]));
        assertEquals(Set.of("/etc/itest/main.conf", "/usr/share/itest/defaults.conf"), expected);

        Hashify.Result detect = Hashify.run("detect", "--json", guests[0].toString());
        assertEquals(0, detect.status(), detect.err());
        JsonNode d = JSON.readTree(detect.out()).get(0);
        assertEquals("dpkg", d.get("packageManager").asText());
        assertEquals(expected.size(), d.get("configFiles").asInt(), detect.out());

        Hashify.Result run = Hashify.run("run", "--store", tmp.resolve("store").toString(), guests[0].toString(),
                guests[1].toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(ino(guests[0].resolve("usr/bin/itest")), ino(guests[1].resolve("usr/bin/itest")));
        assertNotEquals(ino(guests[0].resolve("usr/share/itest/defaults.conf")),
                ino(guests[1].resolve("usr/share/itest/defaults.conf")));
    }

    @Test
    void rpmGuestsInstalledByTheRealRpm() throws Exception {
        assumeTrue(Hashify.available("rpmbuild") && Hashify.available("rpm"), "needs rpm and rpmbuild");
        Path rpm = buildRpm();
        Path[] guests = {tmp.resolve("r1"), tmp.resolve("r2")};
        for (Path g : guests) {
            Files.createDirectories(g);
            Hashify.Result i = Hashify.exec("rpm", "--root", g.toString(), "--define", "_db_backend sqlite",
                    "--define", "_dbpath /var/lib/rpm", "--nodeps", "--noscripts", "-i", rpm.toString());
            assertEquals(0, i.status(), i.err());
        }
        Hashify.Result q = Hashify.exec("rpm", "--root", guests[0].toString(), "--define", "_db_backend sqlite",
                "--define", "_dbpath /var/lib/rpm", "-qac");
        Set<String> expected = new TreeSet<>(Arrays.asList(q.out().strip().split("\n")));
        assertEquals(Set.of("/etc/itest/main.conf", "/usr/share/itest/defaults.conf"), expected, q.out() + q.err());

        Hashify.Result detect = Hashify.run("detect", "--json", guests[0].toString());
        assertEquals(0, detect.status(), detect.err());
        JsonNode d = JSON.readTree(detect.out()).get(0);
        assertEquals("rpm", d.get("packageManager").asText());
        assertEquals(expected.size(), d.get("configFiles").asInt(), detect.out());

        Hashify.Result run = Hashify.run("run", "--store", tmp.resolve("store").toString(), guests[0].toString(),
                guests[1].toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(ino(guests[0].resolve("usr/bin/itest")), ino(guests[1].resolve("usr/bin/itest")));
        assertNotEquals(ino(guests[0].resolve("usr/share/itest/defaults.conf")),
                ino(guests[1].resolve("usr/share/itest/defaults.conf")));
    }

    private Path buildDeb() throws Exception {
        return Debs.itest(tmp, "1.0", 5);
    }

    private Path buildRpm() throws Exception {
        Path top = tmp.resolve("rpmbuild");
        Path payload = Files.createDirectories(tmp.resolve("rpm-payload"));
        Debs.payload(payload, 5);
        Path spec = tmp.resolve("itest.spec");
        Files.writeString(spec, """
                Name: itest
                Version: 1.0
                Release: 1
                Summary: a package with configuration files inside and outside /etc
                License: MIT
                BuildArch: noarch
                %%description
                test
                %%install
                cp -a %s/. %%{buildroot}/
                %%files
                %%config(noreplace) /etc/itest/main.conf
                %%config /usr/share/itest/defaults.conf
                /usr/bin/itest
                """.formatted(payload));
        Hashify.Result b = Hashify.exec("rpmbuild", "--define", "_topdir " + top, "--define", "__os_install_post %{nil}",
                "-bb", spec.toString());
        assertEquals(0, b.status(), b.err());
        try (var s = Files.walk(top.resolve("RPMS"))) {
            return s.filter(p -> p.toString().endsWith(".rpm")).findFirst().orElseThrow();
        }
    }
}
