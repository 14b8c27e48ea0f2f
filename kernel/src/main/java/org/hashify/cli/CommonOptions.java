package org.hashify.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every store command shares. */
final class CommonOptions {
    static final String DEFAULT_STORE = "/vservers/.hash";

    @Option(names = "--store", paramLabel = "DIR", defaultValue = DEFAULT_STORE,
            description = "The store directory, on the same filesystem as the guests (default: ${DEFAULT-VALUE}).")
    Path store;

    @Option(names = "--json", description = "Print the result as JSON on standard output, for scripts.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Say more; with an internal error, print its stack trace.")
    boolean verbose;
}
