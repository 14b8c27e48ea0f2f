package org.hashify.plugin.rpm;

import java.util.List;

/**
 * The configuration files of one installed package, as its header lists them.
 *
 * @param packageName the package's name
 * @param paths its usable configuration file paths, guest-absolute
 * @param warnings one sentence for each path that was dropped because it is unusable
 */
record PackageConfig(String packageName, List<String> paths, List<String> warnings) {
    PackageConfig {
        if (packageName == null || packageName.isEmpty()) {
            throw new IllegalArgumentException("a package needs a name");
        }
        paths = List.copyOf(paths);
        warnings = List.copyOf(warnings);
    }
}
