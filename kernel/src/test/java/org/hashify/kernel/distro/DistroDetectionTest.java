package org.hashify.kernel.distro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hashify.api.DistroDetector;
import org.hashify.api.DistroDetector.DetectedDistro;
import org.hashify.api.PackageManager;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A guest's distribution is told by the guest's own files, read from the host without following a link. */
class DistroDetectionTest {
    @TempDir
    Path tmp;

    private static DistroCatalog shipped;

    @BeforeAll
    static void loadShippedDescriptors() throws Exception {
        shipped = Guests.shippedCatalog();
    }

    private static DistroDetection detection() {
        return new DistroDetection(shipped, List.of(), Map.of());
    }

    private static Detection detect(Guests guest) throws Exception {
        return detect(guest, detection());
    }

    private static Detection detect(Guests guest, DistroDetection detection) throws Exception {
        try (ConfinedGuestFiles files = guest.open()) {
            return detection.detect(files);
        }
    }

    static Stream<RealOsReleases.Case> realOsReleases() {
        return RealOsReleases.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realOsReleases")
    void everyShippedDistributionIsToldByItsOsRelease(RealOsReleases.Case c) throws Exception {
        Guests g = Guests.in(tmp, c.distribution()).file("/etc/os-release", c.content());
        Detection d = detect(g);
        assertEquals(c.descriptor(), d.descriptor().id());
        assertEquals(c.distribution(), d.distribution());
        assertEquals(c.version(), d.version());
        assertEquals(d.descriptor().packageManager(), d.packageManager());
        assertEquals("/etc/os-release ID=" + c.distribution(), d.how());
        assertEquals(List.of(), d.warnings());
    }

    @Test
    void everyShippedDescriptorHasARealOsReleaseCase() {
        Set<String> covered = RealOsReleases.ALL.stream().map(RealOsReleases.Case::descriptor)
                .collect(Collectors.toSet());
        Set<String> ids = shipped.all().stream().map(DistroDescriptor::id).collect(Collectors.toSet());
        assertEquals(ids, covered);
    }

    @Test
    void aDerivativeIsToldByItsClosestRelativeInIdLike() throws Exception {
        Detection d = detect(Guests.in(tmp, "mint").file("/etc/os-release", RealOsReleases.LINUX_MINT)
                .file("/etc/debian_version", "bookworm/sid\n"));
        assertEquals("ubuntu", d.descriptor().id());
        assertEquals("linuxmint", d.distribution());
        assertEquals("21.3", d.version());
        assertEquals("dpkg", d.packageManager());
        assertEquals("/etc/os-release ID_LIKE=ubuntu (ID=linuxmint)", d.how());
    }

    @Test
    void legacyReleaseFilesTellWhenThereIsNoOsRelease() throws Exception {
        record Legacy(String descriptor, String version, String how, Guests guest) {
        }
        List<Legacy> cases = List.of(
                new Legacy("rhel", "5.11", "/etc/redhat-release", Guests.in(tmp, "centos5")
                        .file("/etc/redhat-release", "CentOS release 5.11 (Final)\n")),
                new Legacy("fedora", "20", "/etc/fedora-release", Guests.in(tmp, "fedora20")
                        .file("/etc/fedora-release", "Fedora release 20 (Heisenbug)\n")
                        .symlink("/etc/redhat-release", "fedora-release")),
                new Legacy("mandrake", "10.1", "/etc/mandrake-release", Guests.in(tmp, "mandrake")
                        .file("/etc/mandrake-release", "Mandrake Linux release 10.1 (Community) for i586\n")
                        .symlink("/etc/redhat-release", "mandrake-release")),
                new Legacy("debian", "12.5", "/etc/debian_version", Guests.in(tmp, "debian")
                        .file("/etc/debian_version", "12.5\n")),
                new Legacy("opensuse", "13.2", "/etc/SuSE-release", Guests.in(tmp, "suse")
                        .file("/etc/SuSE-release", "openSUSE 13.2 (x86_64)\nVERSION = 13.2\nCODENAME = Harlequin\n")),
                new Legacy("alpine", "3.19.1", "/etc/alpine-release", Guests.in(tmp, "alpine")
                        .file("/etc/alpine-release", "3.19.1\n")),
                new Legacy("arch", "", "/etc/arch-release", Guests.in(tmp, "arch")
                        .file("/etc/arch-release", "")),
                new Legacy("centos", "7.9.2009", "/etc/centos-release", Guests.in(tmp, "centos7")
                        .file("/etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n")
                        .symlink("/etc/redhat-release", "centos-release")),
                new Legacy("devuan", "5.0", "/etc/devuan_version", Guests.in(tmp, "devuan")
                        .file("/etc/devuan_version", "5.0\n").file("/etc/debian_version", "12.5\n")));
        for (Legacy c : cases) {
            Detection d = detect(c.guest());
            assertEquals(c.descriptor(), d.descriptor().id(), c.how());
            assertEquals(c.descriptor(), d.distribution(), c.how());
            assertEquals(c.version(), d.version(), c.how());
            assertEquals(c.how(), d.how());
        }
    }

    @Test
    void aReleaseFileThatIsALinkCountsButIsNotRead() throws Exception {
        Path host = Files.writeString(tmp.resolve("host-release"), "Host release 99\n");
        Detection d = detect(Guests.in(tmp, "g").symlink("/etc/fedora-release", host.toString()));
        assertEquals("fedora", d.descriptor().id());
        assertEquals("", d.version(), "the link's target is never read");
        assertEquals("/etc/fedora-release (a symbolic link, not followed)", d.how());
    }

    @Test
    void anOsReleaseLinkToAHostFileIsNeverRead() throws Exception {
        Path hostFile = Files.writeString(tmp.resolve("host-os-release"), "ID=alpine\nVERSION_ID=3.19.1\n");
        Guests g = Guests.in(tmp, "evil").symlink("/etc/os-release", hostFile.toString())
                .file("/etc/debian_version", "12.5\n");
        Detection d = detect(g);
        assertEquals("debian", d.descriptor().id(), "the host's alpine os-release must not be read");
        assertEquals("12.5", d.version());
        assertEquals("/etc/debian_version", d.how());

        Guests g2 = Guests.in(tmp, "evil2").symlink("/etc/os-release", hostFile.toString())
                .symlink("/usr/lib/os-release", hostFile.toString());
        UnknownDistributionException e = assertThrows(UnknownDistributionException.class, () -> detect(g2));
        assertFalse(e.getMessage().contains("ID=alpine") || e.getMessage().contains("3.19.1"), e.getMessage());
        assertTrue(e.getMessage().contains("/etc/os-release a symbolic link (not followed)"), e.getMessage());
    }

    @Test
    void debiansRelativeLinkIsServedByTheUsrLibCopy() throws Exception {
        String debian = RealOsReleases.ALL.get(0).content();
        Guests g = Guests.in(tmp, "bookworm").symlink("/etc/os-release", "../usr/lib/os-release")
                .file("/usr/lib/os-release", debian).file("/etc/debian_version", "12.5\n");
        Detection d = detect(g);
        assertEquals("debian", d.descriptor().id());
        assertEquals("12", d.version());
        assertEquals("/usr/lib/os-release ID=debian (/etc/os-release is a symbolic link, not followed)", d.how());
        assertEquals(List.of(), d.warnings());
    }

    @Test
    void aJunkOsReleaseIsReportedAndDetectionGoesOn() throws Exception {
        byte[] garbage = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 'I', 'D', '=', 'x'};
        Detection d = detect(Guests.in(tmp, "junk").file("/etc/os-release", garbage)
                .file("/etc/redhat-release", "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n"));
        assertEquals("rhel", d.descriptor().id());
        assertEquals("7.9", d.version());
        assertEquals("/etc/redhat-release", d.how());
        assertEquals(1, d.warnings().size(), d.warnings().toString());
        assertTrue(d.warnings().get(0).startsWith("guest junk: /etc/os-release is binary"), d.warnings().get(0));

        Detection text = detect(Guests.in(tmp, "junk2").file("/etc/os-release", "<html>404 Not Found</html>\n")
                .file("/usr/lib/os-release", "ID=alpine\nVERSION_ID=3.20.0\n"));
        assertEquals("alpine", text.descriptor().id(), "the vendor's copy in /usr/lib is an equal witness");
        assertEquals("/usr/lib/os-release ID=alpine (/etc/os-release is unusable)", text.how());
        assertTrue(text.warnings().get(0).contains("/etc/os-release has no KEY=value line"), text.warnings().get(0));

        Detection partly = detect(Guests.in(tmp, "junk3").file("/etc/os-release", "ID=arch\n!!junk!!\n"));
        assertEquals("arch", partly.descriptor().id());
        assertEquals(List.of("guest junk3: /etc/os-release: line 2 is not KEY=value; ignored it"), partly.warnings());
    }

    @Test
    void anUnknownDistributionSaysWhatWasSeenAndWhatToDo() throws Exception {
        Guests g = Guests.in(tmp, "plan9").file("/etc/os-release", "ID=plan9\nID_LIKE=\"bell-labs inferno\"\n");
        PackageManager dpkg = packageManager("dpkg", false);
        UnknownDistributionException e = assertThrows(UnknownDistributionException.class,
                () -> detect(g, new DistroDetection(shipped, List.of(), Map.of("dpkg", dpkg))));
        String m = e.getMessage();
        assertEquals("plan9", e.guest());
        assertTrue(m.startsWith("guest plan9: cannot tell its distribution"), m);
        assertTrue(m.contains("/etc/os-release ID=plan9 ID_LIKE=\"bell-labs inferno\" which no descriptor answers to"),
                m);
        assertTrue(m.contains("none of /etc/fedora-release, /etc/mandrake-release, "), m);
        assertTrue(m.contains("/etc/redhat-release, /etc/debian_version"), m);
        assertTrue(m.contains("no package database of dpkg"), m);
        assertTrue(m.contains("Add a descriptor for it to " + Guests.SHIPPED), m);
        assertTrue(m.contains("install a plugin") && m.contains("--no-pkgmgmt"), m);
        assertFalse(m.contains("\n"), m);

        Path userDir = tmp.resolve("etc/hashify/distros.d");
        DistroCatalog withUserDir = DistroCatalog.load(List.of(Guests.SHIPPED, userDir));
        e = assertThrows(UnknownDistributionException.class,
                () -> detect(g, new DistroDetection(withUserDir, List.of(), Map.of())));
        assertTrue(e.getMessage().contains("Add a descriptor for it to " + userDir + ","), e.getMessage());
    }

    @Test
    void anOverrideWinsByDescriptorIdOrVserverStyle() throws Exception {
        Guests g = Guests.in(tmp, "g").file("/etc/os-release", RealOsReleases.ALL.get(0).content())
                .file("/etc/redhat-release", "CentOS release 6.10 (Final)\n");
        try (ConfinedGuestFiles files = g.open()) {
            Detection byStyle = detection().detect(files, DistroOverride.vserverStyle("redhat\n"));
            assertEquals("rhel", byStyle.descriptor().id());
            assertEquals("rhel", byStyle.distribution());
            assertEquals("6.10", byStyle.version(), "the os-release names another distribution; the style file tells");
            assertEquals("override: vserver pkgmgmt style 'redhat'", byStyle.how());

            Detection byId = detection().detect(files, DistroOverride.setting("debian"));
            assertEquals("debian", byId.descriptor().id());
            assertEquals("12", byId.version());
            assertEquals("override: hashify setting 'debian'", byId.how());

            UnknownDistributionException e = assertThrows(UnknownDistributionException.class,
                    () -> detection().detect(files, DistroOverride.vserverStyle("gentoo")));
            assertTrue(e.getMessage().startsWith("guest g: the vserver pkgmgmt style 'gentoo' names no distribution "
                    + "descriptor (ids: almalinux, alpine, "), e.getMessage());
            assertTrue(e.getMessage().endsWith("correct it, or add gentoo.json to " + Guests.SHIPPED), e.getMessage());
        }
    }

    @Test
    void theOnePackageDatabasePresentTellsWhenNothingElseDoes() throws Exception {
        PackageManager dpkg = packageManager("dpkg", true);
        PackageManager rpm = packageManager("rpm", false);
        Guests g = Guests.in(tmp, "bare");
        Detection d = detect(g, new DistroDetection(shipped, List.of(), Map.of("dpkg", dpkg, "rpm", rpm)));
        assertNull(d.descriptor());
        assertEquals(Optional.empty(), d.knownDescriptor());
        assertEquals(Detection.UNKNOWN, d.distribution());
        assertEquals("dpkg", d.packageManager());
        assertEquals("package database: dpkg", d.how());

        PackageManager rpmToo = packageManager("rpm", true);
        UnknownDistributionException e = assertThrows(UnknownDistributionException.class,
                () -> detect(g, new DistroDetection(shipped, List.of(), Map.of("dpkg", dpkg, "rpm", rpmToo))));
        assertTrue(e.getMessage().contains("package databases of dpkg, rpm at once"), e.getMessage());
    }

    @Test
    void aPackageDatabaseIsNotConsultedWhenTheGuestSaysWhatItIs() throws Exception {
        PackageManager rpm = packageManager("rpm", true);
        Detection d = detect(Guests.in(tmp, "g").file("/etc/alpine-release", "3.19.1\n"),
                new DistroDetection(shipped, List.of(), Map.of("rpm", rpm)));
        assertEquals("alpine", d.descriptor().id());
        verify(rpm, never()).isPresent(any());
    }

    @Test
    void aDetectorExtensionComesBeforeTheGuestsOwnFiles() throws Exception {
        DistroDetector broken = mock(DistroDetector.class);
        when(broken.detect(any())).thenThrow(new IllegalStateException("boom"));
        DistroDetector silent = mock(DistroDetector.class);
        when(silent.detect(any())).thenReturn(Optional.empty());
        DistroDetector gentoo = mock(DistroDetector.class);
        when(gentoo.detect(any())).thenReturn(Optional.of(
                new DetectedDistro("gentoo", "2.15", "portage", "/etc/gentoo-release")));
        Guests g = Guests.in(tmp, "g").file("/etc/gentoo-release", "Gentoo Base System release 2.15\n")
                .file("/etc/os-release", "ID=gentoo\n");

        Detection d = detect(g, new DistroDetection(shipped, List.of(broken, silent, gentoo), Map.of()));
        assertNull(d.descriptor(), "no descriptor has the id gentoo");
        assertEquals("gentoo", d.distribution());
        assertEquals("2.15", d.version());
        assertEquals("portage", d.packageManager());
        assertTrue(d.how().startsWith("detector ") && d.how().endsWith(": /etc/gentoo-release"), d.how());
        assertEquals(1, d.warnings().size());
        assertTrue(d.warnings().get(0).contains("failed: java.lang.IllegalStateException: boom"), d.warnings().get(0));

        DistroDetector debianish = mock(DistroDetector.class);
        when(debianish.detect(any())).thenReturn(Optional.of(new DetectedDistro("debian", "", "dpkg", "")));
        Detection known = detect(g, new DistroDetection(shipped, List.of(debianish), Map.of()));
        assertEquals("debian", known.descriptor().id(), "a detector naming a descriptor's id gets that descriptor");
    }

    private static PackageManager packageManager(String id, boolean present) {
        PackageManager pm = mock(PackageManager.class);
        when(pm.id()).thenReturn(id);
        when(pm.isPresent(any())).thenReturn(present);
        return pm;
    }
}
