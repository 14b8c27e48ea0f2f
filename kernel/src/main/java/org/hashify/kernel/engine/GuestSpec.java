package org.hashify.kernel.engine;

import java.nio.file.Path;
import java.util.Objects;
import org.hashify.kernel.walk.ExcludeList;

/**
 * A guest to hashify: its name, its root as the administrator named it, and the exclude list to
 * apply (with its package configuration files already added as exact excludes).
 *
 * @param packages what the package database said, or null when package management is off
 *     ({@code --no-pkgmgmt}) and the exclude list alone keeps configuration files private
 */
public record GuestSpec(String name, Path root, ExcludeList excludes, GuestPackages packages) {
    public GuestSpec(String name, Path root, ExcludeList excludes) {
        this(name, root, excludes, null);
    }

    public GuestSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(excludes, "excludes");
        root = root.toAbsolutePath().normalize();
    }
}
