package org.hashify.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hashify.kernel.distro.Detection;
import org.hashify.kernel.distro.DistroDetection;
import org.hashify.kernel.distro.DistroOverride;
import org.hashify.kernel.distro.UnknownDistributionException;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.hashify.kernel.guest.GuestRegistry;
import org.hashify.kernel.guest.KnownGuest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hashify guests}: every guest hashify knows. */
@Command(name = "guests", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "List the guests hashify knows: those of the vserver, lxc and nspawn runtimes (/etc/vservers, "
                + "/var/lib/lxc, /var/lib/machines, or where the configuration says) and the plain directories of the "
                + "configuration, with runtime, root, whether running, distribution and package manager.",
            "",
            "Example: hashify guests --json"
        })
final class GuestsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Option(names = "--names", description = "Print only the names, one a line (for shell completion).")
    boolean namesOnly;

    record GuestView(String name, String runtime, String root, String state, String distribution, String version,
            String packageManager, String problem) {
    }

    @Override
    public Integer call() throws UserError {
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = Host.open(hostOptions, config.file, namesOnly ? new PrintWriter(PrintWriter.nullWriter())
                : spec.commandLine().getErr())) {
            if (namesOnly) {
                host.registry.all().forEach(g -> out.println(g.name()));
                return ExitCode.OK;
            }
            DistroDetection detection = new DistroDetection(host.catalog(), host.plugins.distroDetectors(),
                    host.plugins.packageManagers());
            List<GuestView> views = new ArrayList<>();
            for (KnownGuest g : host.registry.all()) {
                views.add(view(g, detection));
            }
            if (json) {
                out.println(Json.write(views));
            } else {
                out.printf("%-16s %-8s %-8s %-12s %-10s %s%n", "name", "runtime", "state", "distribution", "packages", "root");
                for (GuestView v : views) {
                    out.printf("%-16s %-8s %-8s %-12s %-10s %s%n", v.name(), v.runtime(), v.state(),
                            v.distribution() == null ? "?" : v.distribution() + (v.version().isEmpty() ? "" : " " + v.version()),
                            v.packageManager() == null ? "?" : v.packageManager(), v.root());
                }
                if (views.isEmpty()) {
                    out.println("No guests found. Name plain directories in /etc/hashify/hashify.json (key \"guests\"), or "
                            + "pass guest directories to the commands directly.");
                }
            }
            return views.stream().anyMatch(v -> v.problem() != null) ? ExitCode.SOME_FAILED : ExitCode.OK;
        }
    }

    private static GuestView view(KnownGuest g, DistroDetection detection) {
        String state;
        String problem = null;
        try {
            state = GuestRegistry.isRunning(g) ? "running" : "stopped";
        } catch (java.io.IOException e) {
            state = "unknown";
            problem = e.getMessage();
        }
        DistroOverride override = g.info().packageStyle().map(DistroOverride::vserverStyle)
                .or(() -> g.distroSetting().map(DistroOverride::setting)).orElse(null);
        try (ConfinedGuestFiles files = ConfinedGuestFiles.open(g.name(), g.root())) {
            Detection d = detection.detect(files, override);
            return new GuestView(g.name(), g.runtimeId(), g.root().toString(), state, d.distribution(), d.version(),
                    d.packageManager(), problem);
        } catch (UnknownDistributionException | java.io.IOException e) {
            return new GuestView(g.name(), g.runtimeId(), g.root().toString(), state, null, null, null,
                    problem == null ? e.getMessage() : problem);
        }
    }
}
