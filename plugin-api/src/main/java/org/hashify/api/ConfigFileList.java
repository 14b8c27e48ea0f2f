package org.hashify.api;

import java.util.List;

/**
 * What a package manager found in a guest's database: the configuration files, and one warning
 * per entry it refused (a hostile path, a damaged record), each naming the package.
 */
public record ConfigFileList(List<ConfigFile> files, List<String> warnings) {
    public ConfigFileList {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }
}
