package org.hashify.kernel.distro;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hashify.api.DistroDetector;
import org.hashify.api.DistroDetector.DetectedDistro;
import org.hashify.api.GuestFiles;
import org.hashify.api.GuestFiles.EntryKind;
import org.hashify.api.PackageManager;

/**
 * Tells a guest's distribution from the guest itself, read from the host through {@link GuestFiles}
 * and so never through a symbolic link.
 *
 * <p>The first witness wins: an explicit override; a {@link DistroDetector} extension; the
 * os-release {@code ID}, then each {@code ID_LIKE} word; a legacy release file, specific ones before
 * those several distributions share; the one package database present.
 */
public final class DistroDetection {
    private final DistroCatalog catalog;
    private final List<DistroDetector> detectors;
    private final Map<String, PackageManager> packageManagers;

    /**
     * @param detectors the extensions, consulted in this order
     * @param packageManagers every installed package manager by {@link PackageManager#id()}
     */
    public DistroDetection(DistroCatalog catalog, List<? extends DistroDetector> detectors,
            Map<String, ? extends PackageManager> packageManagers) {
        this.catalog = catalog;
        this.detectors = List.copyOf(detectors);
        this.packageManagers = new TreeMap<>(packageManagers);
    }

    /** The distribution of a guest from what it contains. */
    public Detection detect(GuestFiles guest) throws UnknownDistributionException {
        return detect(guest, null);
    }

    /**
     * The distribution of a guest; an override, when given, wins over anything the guest says.
     *
     * @param override a descriptor id or vserver style stated for this guest, or null
     * @throws UnknownDistributionException when the override names no descriptor, or nothing tells
     */
    public Detection detect(GuestFiles guest, DistroOverride override) throws UnknownDistributionException {
        List<String> warnings = new ArrayList<>();
        List<String> looked = new ArrayList<>();
        if (override != null) {
            return overridden(guest, override, warnings);
        }
        Optional<Detection> found = fromDetectors(guest, warnings, looked);
        if (found.isEmpty()) {
            found = fromOsRelease(guest, warnings, looked);
        }
        if (found.isEmpty()) {
            found = fromStyleFiles(guest, warnings, looked);
        }
        if (found.isEmpty()) {
            found = fromPackageDatabase(guest, warnings, looked);
        }
        return found.orElseThrow(() -> new UnknownDistributionException(guest.guestName(), "guest "
                + guest.guestName() + ": cannot tell its distribution; looked at: " + String.join("; ", looked)
                + ". Add a descriptor for it to " + catalog.userDirectory() + ", install a plugin that recognises"
                + " it, or run with --no-pkgmgmt to rely on the exclude list alone"));
    }

    private Detection overridden(GuestFiles guest, DistroOverride override, List<String> warnings)
            throws UnknownDistributionException {
        Optional<DistroDescriptor> d = catalog.byId(override.name()).or(() -> catalog.byVserverStyle(override.name()));
        if (d.isEmpty()) {
            throw new UnknownDistributionException(guest.guestName(), "guest " + guest.guestName() + ": the "
                    + override.source() + " '" + override.name() + "' names no distribution descriptor (ids: "
                    + String.join(", ", catalog.all().stream().map(DistroDescriptor::id).toList())
                    + "); correct it, or add " + override.name() + ".json to " + catalog.userDirectory());
        }
        String how = "override: " + override.source() + " '" + override.name() + "'";
        return found(d.get(), d.get().id(), versionOf(guest, d.get(), warnings), how, warnings);
    }

    /** The version of a known distribution: its os-release's when that names it, else its style file's. */
    private String versionOf(GuestFiles guest, DistroDescriptor d, List<String> warnings) {
        Optional<GuestOsRelease.Found> os = GuestOsRelease.read(guest, warnings, new ArrayList<>());
        if (os.isPresent() && answersTo(os.get().release(), d)) {
            return os.get().release().version();
        }
        for (String file : d.styleFiles()) {
            Optional<String> version = styleFileVersion(guest, file, warnings);
            if (version.isPresent()) {
                return version.get();
            }
        }
        return "";
    }

    private boolean answersTo(OsRelease release, DistroDescriptor d) {
        List<String> ids = new ArrayList<>();
        ids.add(release.id());
        ids.addAll(release.idLike());
        return ids.stream().anyMatch(id -> !id.isEmpty() && catalog.byOsReleaseId(id).filter(d::equals).isPresent());
    }

    private Optional<Detection> fromDetectors(GuestFiles guest, List<String> warnings, List<String> looked) {
        for (DistroDetector detector : detectors) {
            String name = detector.getClass().getName();
            Optional<DetectedDistro> d;
            try {
                d = detector.detect(guest);
            } catch (RuntimeException e) {
                warnings.add("guest " + guest.guestName() + ": distribution detector " + name + " failed: " + e
                        + "; ignored it, report this to the plugin's authors");
                continue;
            }
            if (d != null && d.isPresent()) {
                DetectedDistro dd = d.get();
                String how = "detector " + name + (dd.evidence().isEmpty() ? "" : ": " + dd.evidence());
                return Optional.of(new Detection(catalog.byId(dd.id()).orElse(null), dd.id(), dd.version(),
                        dd.packageManager(), how, warnings));
            }
        }
        if (!detectors.isEmpty()) {
            looked.add(detectors.size() + " distribution detector" + (detectors.size() == 1 ? "" : "s"));
        }
        return Optional.empty();
    }

    private Optional<Detection> fromOsRelease(GuestFiles guest, List<String> warnings, List<String> looked) {
        Optional<GuestOsRelease.Found> found = GuestOsRelease.read(guest, warnings, looked);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        OsRelease os = found.get().release();
        String path = found.get().path();
        String note = found.get().note().isEmpty() ? "" : " (" + found.get().note() + ")";
        if (!os.id().isEmpty()) {
            Optional<DistroDescriptor> d = catalog.byOsReleaseId(os.id());
            if (d.isPresent()) {
                return Optional.of(found(d.get(), os.id(), os.version(), path + " ID=" + os.id() + note, warnings));
            }
        }
        for (String like : os.idLike()) {
            Optional<DistroDescriptor> d = catalog.byOsReleaseId(like);
            if (d.isPresent()) {
                String distribution = os.id().isEmpty() ? d.get().id() : os.id();
                String how = path + " ID_LIKE=" + like + " (ID=" + (os.id().isEmpty() ? "none" : os.id()) + ")" + note;
                return Optional.of(found(d.get(), distribution, os.version(), how, warnings));
            }
        }
        looked.add(path + " ID=" + (os.id().isEmpty() ? "(none)" : os.id())
                + (os.idLike().isEmpty() ? "" : " ID_LIKE=\"" + String.join(" ", os.idLike()) + "\"")
                + " which no descriptor answers to");
        return Optional.empty();
    }

    private Optional<Detection> fromStyleFiles(GuestFiles guest, List<String> warnings, List<String> looked) {
        List<String> files = StyleFiles.probeOrder(catalog.styleFiles());
        for (String file : files) {
            EntryKind kind;
            try {
                kind = guest.kind(file);
            } catch (IOException e) {
                String where = "guest " + guest.guestName() + ": " + file;
                warnings.add(GuestOsRelease.problem(where, "cannot be examined", e));
                continue;
            }
            if (kind == EntryKind.REGULAR || kind == EntryKind.SYMLINK) {
                // A link's presence is evidence enough (Fedora links redhat-release to fedora-release);
                // its target is never read.
                DistroDescriptor d = catalog.byStyleFile(file).orElseThrow();
                String version = kind == EntryKind.REGULAR ? styleFileVersion(guest, file, warnings).orElse("") : "";
                String how = file + (kind == EntryKind.SYMLINK ? " (a symbolic link, not followed)" : "");
                return Optional.of(found(d, d.id(), version, how, warnings));
            }
        }
        looked.add(files.isEmpty() ? "no legacy release file (no descriptor names one)"
                : "none of " + String.join(", ", files));
        return Optional.empty();
    }

    /** The version a regular style file states; empty when it is absent, a link or unreadable. */
    private static Optional<String> styleFileVersion(GuestFiles guest, String file, List<String> warnings) {
        try {
            if (guest.kind(file) != EntryKind.REGULAR) {
                return Optional.empty();
            }
            return guest.read(file, OsRelease.MAX_BYTES).map(StyleFiles::version);
        } catch (IOException e) {
            warnings.add(GuestOsRelease.problem("guest " + guest.guestName() + ": " + file, "cannot be read", e)
                    + "; its version is unknown");
            return Optional.empty();
        }
    }

    private Optional<Detection> fromPackageDatabase(GuestFiles guest, List<String> warnings, List<String> looked) {
        List<String> present = new ArrayList<>();
        for (PackageManager pm : packageManagers.values()) {
            try {
                if (pm.isPresent(guest)) {
                    present.add(pm.id());
                }
            } catch (RuntimeException e) {
                warnings.add("guest " + guest.guestName() + ": package manager " + pm.id()
                        + " failed to look for its database: " + e + "; report this to the plugin's authors");
            }
        }
        if (present.size() == 1) {
            return Optional.of(new Detection(null, Detection.UNKNOWN, "", present.get(0),
                    "package database: " + present.get(0), warnings));
        }
        if (packageManagers.isEmpty()) {
            looked.add("no package database (no package-manager plugin is installed)");
        } else if (present.isEmpty()) {
            looked.add("no package database of " + String.join(", ", packageManagers.keySet()));
        } else {
            looked.add("package databases of " + String.join(", ", present) + " at once, so none tells alone; name"
                    + " the distribution in apps/pkgmgmt/style or in hashify's settings");
        }
        return Optional.empty();
    }

    private static Detection found(DistroDescriptor d, String distribution, String version, String how,
            List<String> warnings) {
        return new Detection(d, distribution, version, d.packageManager(), how, warnings);
    }
}
