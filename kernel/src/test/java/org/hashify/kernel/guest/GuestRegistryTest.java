package org.hashify.kernel.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime;
import org.hashify.kernel.config.HashifyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guests from runtime plugins (mocked: the plugin boundary) and from the configuration. */
class GuestRegistryTest {
    @TempDir
    Path tmp;

    private GuestRuntime runtime(String id, Path defaultDir, DiscoveredGuest... guests) throws Exception {
        GuestRuntime r = mock(GuestRuntime.class);
        when(r.id()).thenReturn(id);
        when(r.defaultDirectory()).thenReturn(defaultDir);
        when(r.discover(any())).thenReturn(new GuestRuntime.Discovery(List.of(guests), List.of(id + " problem")));
        return r;
    }

    @Test
    void runtimesAndPlainGuestsAreMergedWithUniqueNames() throws Exception {
        Path lxcDir = Files.createDirectories(tmp.resolve("lxc"));
        GuestRuntime lxc = runtime("lxc", lxcDir, DiscoveredGuest.plain("web", "lxc", Path.of("/srv/web")));
        GuestRuntime vserver = runtime("vserver", tmp.resolve("no-such-dir"));
        Map<String, GuestRuntime> runtimes = new LinkedHashMap<>();
        runtimes.put("lxc", lxc);
        runtimes.put("vserver", vserver);
        HashifyConfig config = new HashifyConfig(null, List.of(new HashifyConfig.GuestEntry("build", Path.of("/srv/build"),
                "debian"), new HashifyConfig.GuestEntry("web", Path.of("/srv/other"), null)), null, null, null, null, null,
                null, null);
        GuestRegistry reg = GuestRegistry.discover(config, runtimes);
        assertEquals(List.of("web", "build"), reg.all().stream().map(KnownGuest::name).toList());
        assertEquals("lxc", reg.byName("web").orElseThrow().runtimeId());
        assertEquals("dir", reg.byName("build").orElseThrow().runtimeId());
        assertEquals("debian", reg.byName("build").orElseThrow().distroSetting().orElseThrow());
        assertTrue(reg.problems().contains("lxc problem"));
        assertTrue(reg.problems().stream().anyMatch(p -> p.contains("Two guests are named \"web\"")), reg.problems().toString());
        verify(vserver, never()).discover(any());
    }

    @Test
    void theConfigurationMovesOrTurnsOffARuntime() throws Exception {
        Path moved = Files.createDirectories(tmp.resolve("moved"));
        GuestRuntime lxc = runtime("lxc", tmp.resolve("default"), DiscoveredGuest.plain("a", "lxc", Path.of("/srv/a")));
        GuestRuntime nspawn = runtime("nspawn", Files.createDirectories(tmp.resolve("machines")));
        HashifyConfig config = new HashifyConfig(null, null, Map.of("lxc", moved.toString(), "nspawn", "off", "jail",
                "/x"), null, null, null, null, null, null);
        GuestRegistry reg = GuestRegistry.discover(config, Map.of("lxc", lxc, "nspawn", nspawn));
        verify(lxc).discover(moved);
        verify(nspawn, never()).discover(any());
        assertEquals(List.of("a"), reg.all().stream().map(KnownGuest::name).toList());
        assertTrue(reg.problems().stream().anyMatch(p -> p.contains("\"jail\"")), reg.problems().toString());
    }
}
