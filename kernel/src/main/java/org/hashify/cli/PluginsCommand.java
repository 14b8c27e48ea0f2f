package org.hashify.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.hashify.kernel.plugin.PluginHost;
import org.hashify.kernel.plugin.PluginInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hashify plugins}: what is loaded, from where, and what failed. */
@Command(name = "plugins", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "List the plugins hashify loads (package managers, distribution detectors), their versions, jars and "
                + "extensions. A jar that cannot be loaded is named on standard error, and the exit status is 1.",
            "",
            "Example: hashify plugins --json"
        })
final class PluginsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    record View(List<String> directories, List<PluginInfo> plugins, List<String> problems) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PluginHost host = pluginOptions.load()) {
            if (json) {
                out.println(Json.write(new View(pluginOptions.directories().stream().map(Object::toString).toList(),
                        host.plugins(), host.problems())));
            } else {
                out.println("Plugin directories: " + pluginOptions.directories());
                for (PluginInfo p : host.plugins()) {
                    out.printf("%-10s %-12s %-8s %s%n", p.id(), p.version(), p.state(), p.jar());
                    p.extensions().forEach(e -> out.println("           " + e));
                }
                if (host.plugins().isEmpty()) {
                    out.println("No plugins loaded.");
                }
            }
            host.problems().forEach(p -> spec.commandLine().getErr().println("hashify: " + p));
            return host.problems().isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
        }
    }
}
