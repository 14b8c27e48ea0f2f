package org.hashify.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md Semantics 10 end to end: mutated package databases, os-release, exclude lists,
 * configuration files and descriptors through {@code bin/hashify run}. The exit status is 0, 1 or
 * 2 (never 3 or 4), standard error holds one-line "hashify:" messages and no stack trace, and no
 * guest's content or metadata changes.
 */
class BadInputIT {
    @TempDir
    Path tmp;

    @Test
    void mutatedInputsGiveOneLineErrorsAndChangeNoGuest() throws Exception {
        int n = Torture.count(20, 300);
        long base = Torture.seed() + 700_000;
        GuestFarm farm = GuestFarm.build(tmp.resolve("guests"), 2, 40, base);
        Path guest = farm.roots().get(0);
        Path other = farm.roots().get(1);
        Path store = tmp.resolve("store");
        byte[] status = Files.readAllBytes(guest.resolve("var/lib/dpkg/status"));
        byte[] osRelease = Files.readAllBytes(guest.resolve("etc/os-release"));
        byte[] debian = Files.readAllBytes(Path.of(System.getProperty("hashify.home"), "distros", "debian.json"));
        String[] kinds = {"dpkg status", "os-release", "exclude list", "configuration", "descriptor"};
        int[] byKind = new int[kinds.length];
        for (int i = 0; i < n; i++) {
            long seed = base + i;
            Mutator m = new Mutator(seed, 1 << 16);
            int kind = i % kinds.length;
            byKind[kind]++;
            Files.write(guest.resolve("var/lib/dpkg/status"), kind == 0 ? m.mutate(status) : status);
            Files.write(guest.resolve("etc/os-release"), kind == 1 ? m.mutate(osRelease) : osRelease);
            Map<Path, Manifest> before = Trees.manifests(List.of(guest, other), Manifest.Detail.CONTENT);
            List<String> args = new ArrayList<>(List.of("run", "--store", store.toString()));
            switch (kind) {
                case 2 -> {
                    Path f = tmp.resolve("exclude-" + i);
                    Files.write(f, m.mutate(ParserFuzzIT.Corpus.EXCLUDE));
                    args.addAll(List.of("--exclude-from", f.toString()));
                }
                case 3 -> {
                    Path f = tmp.resolve("config-" + i + ".json");
                    Files.write(f, m.mutate(ParserFuzzIT.Corpus.CONFIG));
                    args.addAll(List.of("--config", f.toString()));
                }
                case 4 -> {
                    Path d = Files.createDirectories(tmp.resolve("distros-" + i));
                    Files.write(d.resolve("mutant.json"), m.mutate(debian));
                    args.addAll(List.of("--distro-dir", d.toString()));
                }
                default -> {
                }
            }
            args.add(guest.toString());
            args.add(other.toString());
            Hashify.Result r = Hashify.run(args.toArray(String[]::new));
            String context = kinds[kind] + " mutated with seed " + seed;
            assertTrue(r.status() == 0 || r.status() == 1 || r.status() == 2, context + ": exit 0, 1 or 2\n" + r.both());
            List<String> foreign = new ArrayList<>(Trees.foreignErrorLines(r.err()));
            foreign.removeIf(l -> l.startsWith("Try 'hashify"));
            assertEquals(List.of(), foreign, context + ": one-line hashify: messages only\n" + r.both());
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context);
        }
        Torture.log("bad input end to end: " + n + " runs");
        Torture.figure("fuzz.endToEnd", n);
    }

    @Test
    void pluginJarsWithBrokenManifestsGiveOneLineMessages() throws Exception {
        int n = Torture.count(6, 60);
        long base = Torture.seed() + 800_000;
        GuestFarm farm = GuestFarm.build(tmp.resolve("guests"), 1, 20, base);
        Path guest = farm.roots().get(0);
        Path jar;
        try (var s = Files.list(Path.of(System.getProperty("hashify.home"), "plugins"))) {
            jar = s.filter(p -> p.getFileName().toString().contains("pacman")).findFirst().orElseThrow();
        }
        byte[] manifest = "Manifest-Version: 1.0\nPlugin-Id: broken\nPlugin-Version: 1.0\nPlugin-Id: broken\n\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            long seed = base + i;
            Path dir = Files.createDirectories(tmp.resolve("plugins-" + i));
            // the first case as written (an attribute given twice), then mutations of it
            byte[] m = i == 0 ? manifest : new Mutator(seed, 4096).mutate(manifest);
            ParserFuzzIT.writePluginJar(jar, dir.resolve("broken.jar"), m);
            Map<Path, Manifest> before = Trees.manifests(List.of(guest), Manifest.Detail.CONTENT);
            Hashify.Result r = Hashify.run("run", "--no-pkgmgmt", "--plugin-dir", dir.toString(), "--store",
                    tmp.resolve("store").toString(), guest.toString());
            String context = "plugin manifest mutated with seed " + seed;
            assertTrue(r.status() == 0 || r.status() == 1 || r.status() == 2, context + "\n" + r.both());
            assertEquals(List.of(), Trees.foreignErrorLines(r.err()), context + ": one-line hashify: messages only\n"
                    + r.both());
            Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, context);
        }
        Torture.figure("fuzz.endToEnd", n);
    }
}
