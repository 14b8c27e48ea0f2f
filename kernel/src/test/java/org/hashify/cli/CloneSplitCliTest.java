package org.hashify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.LoopMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hashify clone and split as scripts meet them: JSON, messages, exit statuses. */
class CloneSplitCliTest {
    @TempDir
    Path tmp;

    private static final byte[] DATA = GuestTree.random(1, 20_000);

    private static CliTest.Result hashify(String... args) {
        return CliTest.hashify(args);
    }

    private Path guest(Path root) throws Exception {
        return GuestTree.at(root).file("usr/bin/x", DATA).file("etc/hostname", "old\n")
                .file("etc/machine-id", "0123456789abcdef0123456789abcdef\n").root();
    }

    private static long ino(Path p) throws Exception {
        return (Long) Files.getAttribute(p, "unix:ino");
    }

    @Test
    void cloneMakesANewGuestAndReportsItsCountsAsJson() throws Exception {
        Path a = guest(tmp.resolve("a"));
        String store = tmp.resolve("store").toString();
        assertEquals(ExitCode.OK, hashify("run", "--no-pkgmgmt", "--store", store, a.toString()).status());

        CliTest.Result r = hashify("clone", "--no-pkgmgmt", "--store", store, "--reset-identity", "--hostname", "web9",
                "--json", a.toString(), tmp.resolve("web2").toString());
        assertEquals(ExitCode.OK, r.status(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.get("report").get("linked").asInt());
        assertEquals(20_000, json.get("report").get("linkedBytes").asLong());
        assertEquals(2, json.get("report").get("copied").asInt());
        assertTrue(json.get("cpMillis").isNull(), "cp -a runs only when asked");
        assertEquals(ino(a.resolve("usr/bin/x")), ino(tmp.resolve("web2/usr/bin/x")));
        assertEquals("web9\n", Files.readString(tmp.resolve("web2/etc/hostname")));
        assertEquals(0, Files.size(tmp.resolve("web2/etc/machine-id")));

        CliTest.Result status = hashify("status", "--store", store, "--json");
        assertEquals(2, new ObjectMapper().readTree(status.out()).get("guests").size(), "status knows the new guest");

        CliTest.Result text = hashify("clone", "--no-pkgmgmt", "--store", store, "--compare-cp", a.toString(),
                tmp.resolve("web3").toString());
        assertEquals(ExitCode.OK, text.status(), text.err());
        assertTrue(text.out().contains("1 files linked to store objects"), text.out());
        assertTrue(text.out().contains("cp -a of the same guest took"), text.out());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("a", "store", "web2", "web3"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the cp -a copy was removed");
        }
    }

    @Test
    void cloneRefusesAnExistingTargetAndAMissingStoreWithTwo() throws Exception {
        Path a = guest(tmp.resolve("a"));
        String store = tmp.resolve("store").toString();
        CliTest.Result noStore = hashify("clone", "--no-pkgmgmt", "--store", store, a.toString(),
                tmp.resolve("b").toString());
        assertEquals(ExitCode.BAD_INPUT, noStore.status());
        assertTrue(noStore.err().contains("There is no store"), noStore.err());
        hashify("run", "--no-pkgmgmt", "--store", store, a.toString());
        Files.createDirectory(tmp.resolve("b"));
        CliTest.Result exists = hashify("clone", "--no-pkgmgmt", "--store", store, a.toString(),
                tmp.resolve("b").toString());
        assertEquals(ExitCode.BAD_INPUT, exists.status());
        assertEquals(1, exists.err().lines().count(), exists.err());
        assertTrue(exists.err().contains("already exists"), exists.err());
        CliTest.Result lonelyHostname = hashify("clone", "--no-pkgmgmt", "--store", store, "--hostname", "x", a.toString(),
                tmp.resolve("c").toString());
        assertEquals(ExitCode.BAD_INPUT, lonelyHostname.status());
    }

    @Test
    void splitGivesPrivateCopiesAndADryRunOnlyTells() throws Exception {
        Path a = guest(tmp.resolve("a"));
        Path b = guest(tmp.resolve("b"));
        String store = tmp.resolve("store").toString();
        hashify("run", "--no-pkgmgmt", "--store", store, a.toString(), b.toString());
        assertEquals(ino(a.resolve("usr/bin/x")), ino(b.resolve("usr/bin/x")));

        CliTest.Result dry = hashify("split", "--store", store, "--dry-run", a.toString());
        assertEquals(ExitCode.OK, dry.status(), dry.err());
        assertTrue(dry.out().contains("Would split guest a"), dry.out());
        assertEquals(ino(a.resolve("usr/bin/x")), ino(b.resolve("usr/bin/x")));

        CliTest.Result r = hashify("split", "--store", store, "--json", a.toString());
        assertEquals(ExitCode.OK, r.status(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1, json.get("guests").get(0).get("splitPaths").asInt());
        assertFalse(json.get("dryRun").asBoolean());
        assertTrue(json.get("space").get(0).get("available").asLong() > 0);
        assertNotEquals(ino(a.resolve("usr/bin/x")), ino(b.resolve("usr/bin/x")));
    }

    @Test
    void splitRefusesWithThreeWhenTheCopiesDoNotFit() throws Exception {
        assumeTrue(GuestTree.isRoot(), "a small filesystem of its own needs a loop mount");
        Files.createDirectories(tmp.resolve("img"));
        try (LoopMount ext4 = LoopMount.create(tmp.resolve("img"), "ext4", 32)) {
            byte[] big = GuestTree.random(2, 6 << 20);
            Path a = GuestTree.at(ext4.root().resolve("a")).file("usr/lib/big", big).root();
            Path b = GuestTree.at(ext4.root().resolve("b")).file("usr/lib/big", big).root();
            String store = ext4.root().resolve("store").toString();
            assertEquals(ExitCode.OK, hashify("run", "--no-pkgmgmt", "--store", store, a.toString(), b.toString()).status());
            long fill = Files.getFileStore(ext4.root()).getUsableSpace() - (3L << 20);
            assumeTrue(fill > 0);
            Files.write(ext4.root().resolve("filler"), new byte[(int) fill]);
            CliTest.Result r = hashify("split", "--store", store, a.toString(), b.toString());
            assertEquals(ExitCode.UNEXPECTED_STATE, r.status(), r.err());
            assertTrue(r.err().startsWith("hashify: Not enough free space on "), r.err());
            assertTrue(r.err().contains("(12582912 bytes)"), r.err());
            assertEquals(ino(a.resolve("usr/lib/big")), ino(b.resolve("usr/lib/big")), "nothing was split");
        }
    }

    @Test
    void helpHasExamples() {
        for (String cmd : List.of("clone", "split")) {
            CliTest.Result help = hashify(cmd, "--help");
            assertEquals(0, help.status());
            assertTrue(help.out().contains("Example: hashify " + cmd), help.out());
        }
    }
}
