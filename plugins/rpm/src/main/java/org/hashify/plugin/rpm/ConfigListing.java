package org.hashify.plugin.rpm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hashify.api.ConfigFile;

/**
 * What a guest's rpm databases say about its configuration files.
 *
 * @param files every usable configuration file, once per owning package, in database order
 * @param warnings one sentence for each path that was dropped as unusable
 */
record ConfigListing(List<ConfigFile> files, List<String> warnings) {
    ConfigListing {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /** Collects the configuration files of one header after another. */
    static final class Builder {
        private final Set<ConfigFile> files = new LinkedHashSet<>();
        private final List<String> warnings = new ArrayList<>();

        /**
         * Adds the configuration files of the package whose header this is.
         *
         * @throws MalformedHeaderException when the header is not well formed
         */
        void addHeader(byte[] blob) throws MalformedHeaderException {
            PackageConfig config = ConfigFileExtractor.extract(RpmHeader.parse(blob));
            for (String path : config.paths()) {
                files.add(new ConfigFile(path, config.packageName()));
            }
            warnings.addAll(config.warnings());
        }

        ConfigListing build() {
            return new ConfigListing(new ArrayList<>(files), warnings);
        }
    }
}
