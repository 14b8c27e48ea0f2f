package org.hashify.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, for every command that reads hashify's configuration. */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "hashify's configuration (default: /etc/hashify/hashify.json, which may be absent).")
    Path file;
}
