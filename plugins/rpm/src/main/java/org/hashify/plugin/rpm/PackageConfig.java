package org.hashify.plugin.rpm;

import java.util.List;

/**
 * The configuration files of one installed package, as its header lists them, in raw text (one char
 * per byte).
 *
 * @param packageName the package's name
 * @param paths its configuration file paths, unchecked: the header is hostile input
 */
record PackageConfig(String packageName, List<String> paths) {
    PackageConfig {
        if (packageName == null || packageName.isEmpty()) {
            throw new IllegalArgumentException("a package needs a name");
        }
        paths = List.copyOf(paths);
    }
}
