package org.hashify.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageManager;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins built outside the reactor are loaded through pf4j; a broken jar costs only itself. */
public class PluginHostTest {
    @TempDir
    Path tmp;

    /** A package manager "fakepm" whose database is /var/lib/fakepm/conffiles, one path a line. */
    static final String FAKE_PM = """
            package org.example.fakepm;

            import java.nio.charset.StandardCharsets;
            import java.util.ArrayList;
            import java.util.List;
            import org.hashify.api.*;
            import org.pf4j.Extension;

            @Extension
            public class FakePackageManager implements PackageManager {
                public String id() { return "fakepm"; }

                public boolean isPresent(GuestFiles guest) {
                    try {
                        return guest.kind("/var/lib/fakepm/conffiles") == GuestFiles.EntryKind.REGULAR;
                    } catch (java.io.IOException e) {
                        return true;
                    }
                }

                public ConfigFileList configFiles(GuestFiles guest) throws PackageDatabaseException {
                    String db = "/var/lib/fakepm/conffiles";
                    try {
                        byte[] bytes = guest.read(db, 1 << 20).orElseThrow(
                                () -> new PackageDatabaseException(db, "fakepm has no database in " + guest.guestName()));
                        List<ConfigFile> files = new ArrayList<>();
                        for (String line : new String(bytes, StandardCharsets.ISO_8859_1).split("\\n")) {
                            if (line.startsWith("/")) {
                                files.add(new ConfigFile(line, "fakepkg"));
                            }
                        }
                        return new ConfigFileList(files, List.of());
                    } catch (java.io.IOException e) {
                        throw new PackageDatabaseException(db, e.getMessage(), e);
                    }
                }
            }
            """;

    public static Path fakePmJar(Path dir) throws Exception {
        return new PluginJar("fakepm").source("org.example.fakepm.FakePackageManager", FAKE_PM).build(dir);
    }

    @Test
    void anExternalPluginIsLoadedAndItsExtensionUsed() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        fakePmJar(plugins);
        Path guest = Files.createDirectories(tmp.resolve("guest/var/lib/fakepm")).getParent().getParent().getParent();
        Files.writeString(guest.resolve("var/lib/fakepm/conffiles"), "/usr/share/app/app.conf\n/opt/x.ini\n");
        try (PluginHost host = PluginHost.load(List.of(plugins), "0.1.0")) {
            assertEquals(List.of(), host.problems());
            PackageManager pm = host.packageManagers().get("fakepm");
            try (ConfinedGuestFiles files = ConfinedGuestFiles.open("guest", guest)) {
                assertTrue(pm.isPresent(files));
                ConfigFileList list = pm.configFiles(files);
                assertEquals(List.of("/usr/share/app/app.conf", "/opt/x.ini"),
                        list.files().stream().map(f -> f.rawPath()).toList());
            }
            PluginInfo info = host.plugins().get(0);
            assertEquals("fakepm", info.id());
            assertEquals("started", info.state());
            assertEquals(List.of("PackageManager: org.example.fakepm.FakePackageManager"), info.extensions());
        }
    }

    @Test
    void brokenAndIncompatibleJarsAreReportedInOneLineAndTheOthersStillLoad() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        fakePmJar(plugins);
        Path garbage = PluginJar.garbage(plugins, "broken.jar");
        Path noId = new PluginJar("noid").manifest("Plugin-Id", null)
                .source("org.example.noid.Nothing", "package org.example.noid; public class Nothing {}").build(plugins);
        Path future = new PluginJar("future").manifest("Plugin-Requires", ">=99.0.0")
                .source("org.example.future.Nothing", "package org.example.future; public class Nothing {}").build(plugins);
        try (PluginHost host = PluginHost.load(List.of(plugins, tmp.resolve("does-not-exist")), "0.1.0")) {
            assertTrue(host.packageManagers().containsKey("fakepm"), host.problems().toString());
            List<String> problems = host.problems();
            assertEquals(3, problems.size(), problems.toString());
            for (Path bad : List.of(garbage, noId, future)) {
                assertTrue(problems.stream().anyMatch(p -> p.contains(bad.toString()) && !p.contains("\n")),
                        bad + " not named in " + problems);
            }
        }
    }
}
