package org.hashify.kernel.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A descriptor is checked when built, whoever builds it; its lists cannot change afterwards. */
class DistroDescriptorTest {
    static DistroDescriptor descriptor(String id, List<String> osReleaseIds, List<String> styleFiles,
            List<String> vserverStyles) {
        return new DistroDescriptor(id, id + " Linux", "debian", osReleaseIds, styleFiles, vserverStyles, "dpkg",
                List.of("/bin/sh", "-c", "apt-get -y upgrade"), null);
    }

    @Test
    void absentListsTakeTheirDefaults() {
        DistroDescriptor d = descriptor("debian", null, null, null);
        assertEquals(List.of("debian"), d.osReleaseIds(), "a descriptor answers to its own id by default");
        assertEquals(List.of(), d.styleFiles());
        assertEquals(List.of(), d.vserverStyles());
        assertEquals(List.of(), d.excludes());
    }

    @Test
    void listsAreCopiedAndImmutable() {
        List<String> ids = new ArrayList<>(List.of("Debian"));
        DistroDescriptor d = descriptor("debian", ids, List.of("/etc/debian_version"), List.of("debian"));
        ids.add("ubuntu");
        assertEquals(List.of("debian"), d.osReleaseIds(), "os-release ids are lower-cased and copied");
        assertThrows(UnsupportedOperationException.class, () -> d.styleFiles().add("/etc/x"));
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertMessage("\"id\" is \"Debian\"", () -> descriptor("Debian", null, null, null));
        assertMessage("\"styleFiles\" has \"etc/debian_version\"",
                () -> descriptor("debian", null, List.of("etc/debian_version"), null));
        assertMessage("\"styleFiles\" has \"/etc/../shadow\"",
                () -> descriptor("debian", null, List.of("/etc/../shadow"), null));
        assertMessage("\"vserverStyles\" has an empty or null entry",
                () -> descriptor("debian", null, null, List.of(" ")));
        assertMessage("\"upgradeCommand\" must name a program", () -> new DistroDescriptor("debian", "Debian",
                "debian", null, null, null, "dpkg", List.of(), null));
        assertMessage("\"name\" is missing", () -> new DistroDescriptor("debian", null, "debian", null, null, null,
                "dpkg", List.of("apt-get"), null));
        assertMessage("\"excludes\" has an entry that is not one line", () -> new DistroDescriptor("debian", "D",
                "debian", null, null, null, "dpkg", List.of("apt-get"), List.of("/a\n/b")));
    }

    private static void assertMessage(String start, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
