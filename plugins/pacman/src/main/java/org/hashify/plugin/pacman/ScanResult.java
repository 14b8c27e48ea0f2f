package org.hashify.plugin.pacman;

import java.util.List;
import org.hashify.api.ConfigFile;

/**
 * What reading a guest's package database found.
 *
 * @param configFiles the configuration files, each path once, in database order
 * @param warnings database entries that were refused (hostile or unreadable paths), one sentence each,
 *     naming the package and where the entry came from
 */
public record ScanResult(List<ConfigFile> configFiles, List<String> warnings) {
    public ScanResult {
        configFiles = List.copyOf(configFiles);
        warnings = List.copyOf(warnings);
    }
}
