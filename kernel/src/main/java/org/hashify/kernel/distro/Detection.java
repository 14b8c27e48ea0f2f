package org.hashify.kernel.distro;

import java.util.List;
import java.util.Optional;

/**
 * What a guest's distribution was found to be, and how.
 *
 * @param descriptor the descriptor that applies, or null when only a {@code DistroDetector} or a
 *     package database told and no descriptor has that id
 * @param distribution the distribution as the guest names itself (its os-release {@code ID}, so
 *     {@code linuxmint} handled as {@code ubuntu}), else the descriptor's or detector's id, else
 *     {@code unknown}
 * @param version the version the guest states, or empty
 * @param packageManager the {@code PackageManager} id that keeps its database
 * @param how the evidence in words: "/etc/os-release ID=ubuntu", "override: vserver pkgmgmt style 'debian'"
 * @param warnings what was wrong on the way (a junk os-release, an unreadable file), each naming the guest
 */
public record Detection(DistroDescriptor descriptor, String distribution, String version, String packageManager,
        String how, List<String> warnings) {

    /** The distribution name used when only a package database told. */
    public static final String UNKNOWN = "unknown";

    public Detection {
        if (distribution == null || distribution.isBlank() || packageManager == null || packageManager.isBlank()
                || how == null || how.isBlank()) {
            throw new IllegalArgumentException("a detection needs a distribution, a package manager and its evidence");
        }
        version = version == null ? "" : version;
        warnings = List.copyOf(warnings);
    }

    /** The descriptor, when one applies. */
    public Optional<DistroDescriptor> knownDescriptor() {
        return Optional.ofNullable(descriptor);
    }
}
