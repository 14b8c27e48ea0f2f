package org.hashify.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A guest a {@link GuestRuntime} found in its configuration.
 *
 * @param name the guest's name in its runtime
 * @param runtime the {@link GuestRuntime#id()} that found it
 * @param root the guest's root directory on the host
 * @param excludeFile a guest-specific exclude list in the vunify syntax (a vserver's
 *     {@code apps/vunify/exclude}), if it has one
 * @param store the store directory its configuration names (a vserver's {@code apps/vunify/hash}),
 *     if any
 * @param packageStyle an explicit distribution style (a vserver's {@code apps/pkgmgmt/style}), if any
 */
public record DiscoveredGuest(String name, String runtime, Path root, Optional<Path> excludeFile, Optional<Path> store,
        Optional<String> packageStyle) {
    public DiscoveredGuest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(root, "root");
        if (name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("a guest name must be non-empty and without '/': \"" + name + "\"");
        }
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("guest " + name + ": root " + root + " is not absolute");
        }
        excludeFile = excludeFile == null ? Optional.empty() : excludeFile;
        store = store == null ? Optional.empty() : store;
        packageStyle = packageStyle == null ? Optional.empty() : packageStyle;
    }

    /** A guest with nothing but a name, a runtime and a root. */
    public static DiscoveredGuest plain(String name, String runtime, Path root) {
        return new DiscoveredGuest(name, runtime, root, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
