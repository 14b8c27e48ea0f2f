package org.hashify.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every store command shares. */
final class CommonOptions {
    static final String DEFAULT_STORE = "/vservers/.hash";

    @Option(names = "--store", paramLabel = "DIR",
            description = "The store directory, on the same filesystem as the guests (default: the configuration's "
                + "\"store\", a vserver guest's apps/vunify/hash, else " + DEFAULT_STORE + ").")
    Path store;

    @picocli.CommandLine.Mixin
    ConfigOption config = new ConfigOption();

    /** The store named on the command line, else in the configuration, else the default. */
    Path storeOrConfigured() throws UserError {
        return store != null ? store : Host.readConfig(config.file).storeOrDefault();
    }

    @Option(names = "--json", description = "Print the result as JSON on standard output, for scripts.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Say more; with an internal error, print its stack trace.")
    boolean verbose;
}
