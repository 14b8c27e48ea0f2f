package org.hashify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hashify.kernel.testing.GuestTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users and scripts meet it: output, JSON and exit statuses. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
    }

    static Result hashify(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    private Path[] twoGuests() throws Exception {
        byte[] data = GuestTree.random(1, 20_000);
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/bin/x", data).file("etc/x.conf", data);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/bin/x", data).file("etc/x.conf", data);
        return new Path[] {a.root(), b.root()};
    }

    @Test
    void runPrintsASummaryAndJsonForScripts() throws Exception {
        Path[] g = twoGuests();
        String store = tmp.resolve("store").toString();
        Result text = hashify("run", "--no-pkgmgmt", "--store", store, "--dry-run", g[0].toString(), g[1].toString());
        assertEquals(ExitCode.OK, text.status(), text.err());
        assertTrue(text.out().contains("nothing was changed"), text.out());
        Result json = hashify("run", "--no-pkgmgmt", "--store", store, "--json", g[0].toString(), g[1].toString());
        assertEquals(ExitCode.OK, json.status(), json.err());
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertEquals(1, report.get("unified").asInt());
        assertEquals(1, report.get("newObjects").asInt());
        assertEquals(20_000, report.get("bytesSaved").asLong());
        assertTrue(report.get("complete").asBoolean());
        assertEquals(2, report.get("guests").size());
        assertEquals(1, report.get("guests").get(0).get("excluded").asInt(), "etc/x.conf stays private");

        Result status = hashify("status", "--store", store, "--json");
        assertEquals(ExitCode.OK, status.status(), status.err());
        assertEquals(1, new ObjectMapper().readTree(status.out()).get("objects").asInt());
        Result verify = hashify("verify", "--store", store);
        assertEquals(ExitCode.OK, verify.status());
        Result gc = hashify("gc", "--store", store, "--json");
        assertEquals(ExitCode.OK, gc.status());
        assertEquals(0, new ObjectMapper().readTree(gc.out()).get("objectsRemoved").asInt());
    }

    @Test
    void badUsageAndBadInputExitWithTwoAndOneLine() throws Exception {
        Path[] g = twoGuests();
        Result noGuest = hashify("run");
        assertEquals(ExitCode.BAD_INPUT, noGuest.status());
        Result missing = hashify("run", "--no-pkgmgmt", "--store", tmp.resolve("s").toString(), tmp.resolve("nope").toString());
        assertEquals(ExitCode.BAD_INPUT, missing.status());
        assertTrue(missing.err().startsWith("hashify: Guest root ") && missing.err().lines().count() == 1, missing.err());
        Path list = tmp.resolve("bad-exclude");
        Files.writeString(list, "/ok\nnot/absolute\n");
        Result badList = hashify("run", "--no-pkgmgmt", "--store", tmp.resolve("s").toString(), "--exclude-from", list.toString(),
                g[0].toString());
        assertEquals(ExitCode.BAD_INPUT, badList.status());
        assertTrue(badList.err().contains(list + ", line 2"), badList.err());
        assertFalse(badList.err().contains("Exception"), badList.err());
        Result overlap = hashify("run", "--no-pkgmgmt", "--store", g[0].resolve("store").toString(), g[0].toString());
        assertEquals(ExitCode.BAD_INPUT, overlap.status());
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, g[0]);
        Result symlinkRoot = hashify("run", "--no-pkgmgmt", "--store", tmp.resolve("s").toString(), link.toString());
        assertEquals(ExitCode.BAD_INPUT, symlinkRoot.status());
        assertTrue(symlinkRoot.err().contains("symbolic link"), symlinkRoot.err());
    }

    @Test
    void helpExplainsEveryCommandWithAnExample() {
        for (String cmd : List.of("run", "status", "verify", "gc", "demo", "detect", "plugins", "thaw", "freeze",
                "restore-flags")) {
            Result help = hashify(cmd, "--help");
            assertEquals(0, help.status());
            assertTrue(help.out().contains("Example: hashify " + cmd), cmd + ":\n" + help.out());
        }
        Result version = hashify("--version");
        assertTrue(version.out().startsWith("hashify "), version.out());
    }

    @Test
    void demoBuildsGuestsAndSavesBytes() throws Exception {
        Result demo = hashify("demo", "--no-pkgmgmt", tmp.resolve("demo").toString(), "--json");
        assertEquals(ExitCode.OK, demo.status(), demo.err());
        JsonNode report = new ObjectMapper().readTree(demo.out());
        assertTrue(report.get("bytesSaved").asLong() > 5_000_000, demo.out());
        assertEquals(3, report.get("guests").size());
        Path alpha = tmp.resolve("demo/alpha/usr/bin");
        Path beta = tmp.resolve("demo/beta/usr/bin");
        assertEquals(Files.getAttribute(alpha.resolve("passwd"), "unix:ino"), Files.getAttribute(beta.resolve("passwd"), "unix:ino"));
        assertEquals(04755, (Integer) Files.getAttribute(beta.resolve("passwd"), "unix:mode") & 07777);
        assertTrue(Files.isSymbolicLink(beta.resolve("sh")));
        assertEquals(Files.getAttribute(beta.resolve("gzip"), "unix:ino"), Files.getAttribute(beta.resolve("gunzip"), "unix:ino"));
        assertFalse(Files.getAttribute(alpha.resolve("tool"), "unix:ino").equals(Files.getAttribute(beta.resolve("tool"), "unix:ino")),
                "beta's patched tool stays its own");
    }

    /** Two real processes: the second is refused with exit 3 and told who holds the lock. */
    @Test
    void aSecondRunOnALockedStoreExitsWithThree() throws Exception {
        Path[] g = twoGuests();
        Path store = tmp.resolve("store");
        Files.createDirectories(store);
        // hold the lock from a child process that keeps running
        Process holder = java("org.hashify.cli.LockHolder", store.toString());
        try {
            String ready = new String(holder.getInputStream().readNBytes(6));
            assertEquals("locked", ready);
            Process second = java("org.hashify.cli.Main", "run", "--no-pkgmgmt", "--store", store.toString(), g[0].toString());
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            String err = new String(second.getErrorStream().readAllBytes());
            assertEquals(ExitCode.UNEXPECTED_STATE, second.exitValue(), err);
            assertTrue(err.contains("is locked by pid " + holder.pid()), err);
        } finally {
            holder.destroyForcibly().waitFor();
        }
        // the holder was killed: its lock went with it
        Result after = hashify("run", "--no-pkgmgmt", "--store", store.toString(), g[0].toString());
        assertEquals(ExitCode.OK, after.status(), after.err());
    }

    static Process java(String mainClass, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }
}
