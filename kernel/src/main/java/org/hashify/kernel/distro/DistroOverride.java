package org.hashify.kernel.distro;

/**
 * An explicit statement of a guest's distribution that wins over anything the guest says: a
 * descriptor id ({@code debian}) or a util-vserver pkgmgmt style ({@code redhat}).
 *
 * @param name the descriptor id or vserver style name, as written
 * @param source where it was written, for {@code hashify detect} ("vserver pkgmgmt style")
 */
public record DistroOverride(String name, String source) {
    public DistroOverride {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a distribution override needs a descriptor id or vserver style name");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a distribution override needs to say where it was set");
        }
        name = name.strip();
    }

    /** The content of {@code /etc/vservers/<guest>/apps/pkgmgmt/style}. */
    public static DistroOverride vserverStyle(String style) {
        return new DistroOverride(style, "vserver pkgmgmt style");
    }

    /** A distribution named in hashify's own configuration or on its command line. */
    public static DistroOverride setting(String descriptorId) {
        return new DistroOverride(descriptorId, "hashify setting");
    }
}
