package org.hashify.dist.docs;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A small command line with the shapes the generators must handle: markup, defaults, aliases, hidden parts. */
@Command(name = "tool", mixinStandardHelpOptions = true, version = "tool 1",
        description = {"Does things to guests (containers, chroots, e.g. build roots). Really."},
        subcommands = {FixtureCli.Sync.class, FixtureCli.Show.class, FixtureCli.Secret.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 all done; 1 some guests failed; 2 bad usage."})
final class FixtureCli implements Runnable {
    @Override
    public void run() {
    }

    static CommandLine commandLine() {
        return new CommandLine(new FixtureCli());
    }

    @Command(name = "sync", aliases = "s", sortOptions = false, mixinStandardHelpOptions = true,
            description = {
                "Sync the guests: all of them, or those named. Takes the @|bold lock|@.",
                "",
                "Example: tool sync --store /srv/store web1 'web 2'",
                "Example: tool sync --all"
            })
    static final class Sync implements Callable<Integer> {
        @Parameters(paramLabel = "GUEST", arity = "0..*", description = "Guests by name.")
        List<String> guests;

        @Option(names = "--store", paramLabel = "DIR", defaultValue = "/srv/store",
                description = "The store (default: ${DEFAULT-VALUE}).")
        Path store;

        @Option(names = {"-n", "--dry-run"}, description = "Change nothing.%nReport what would change.")
        boolean dryRun;

        @Option(names = "--like", paramLabel = "GUEST", description = "Only guests like this one.")
        String like;

        @Option(names = "--color", negatable = true, description = "Colour the report.")
        boolean color;

        @Option(names = "--dot", description = ".starts with a dot, and has a \\backslash and ~tilde^.")
        boolean dot;

        @Option(names = "--internal", hidden = true, description = "Never shown.")
        boolean internal;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show the store (its objects and bytes): nothing else.", "", "Example: tool show"})
    static final class Show implements Callable<Integer> {
        @Option(names = "--format", paramLabel = "FMT", description = "@|italic FMT|@ is text or json.")
        String format;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "secret", hidden = true, description = "Not for users.")
    static final class Secret implements Callable<Integer> {
        @Override
        public Integer call() {
            return 0;
        }
    }
}
