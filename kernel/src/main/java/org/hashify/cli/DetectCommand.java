package org.hashify.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hashify.kernel.engine.GuestPackages;
import org.hashify.kernel.engine.GuestSpec;
import org.hashify.kernel.walk.ExcludeList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hashify detect}: what each guest is, and how many configuration files its database lists. */
@Command(name = "detect", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Detect each guest's distribution, version and package manager from the guest itself (os-release, the "
                + "old release files, its package database), read from the host without starting it, and count the "
                + "configuration files its package database lists. Changes nothing.",
            "",
            "Example: hashify detect /vservers/web1 /var/lib/lxc/db/rootfs --json"
        })
final class DetectCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "GUEST_DIR", arity = "1..*", description = "Root directories of the guests.")
    List<Path> guests;

    @Mixin
    PluginOptions plugins;

    @Mixin
    DistroOptions distros;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    record GuestView(String name, String root, String distribution, String version, String packageManager, String how,
            Integer configFiles, String error) {
    }

    @Override
    public Integer call() throws UserError {
        GuestSetup setup = new GuestSetup();
        setup.plugins = plugins;
        setup.distros = distros;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<GuestSpec> specs = RunCommand.guestSpecs(guests, ExcludeList.none(), null);
        GuestSetup.Prepared prepared = setup.prepare(specs, err);
        List<GuestView> views = new ArrayList<>();
        for (GuestSpec g : specs) {
            GuestSpec ready = prepared.ready().stream().filter(r -> r.root().equals(g.root())).findFirst().orElse(null);
            if (ready != null) {
                GuestPackages p = ready.packages();
                views.add(new GuestView(g.name(), g.root().toString(), p.distribution(), p.version(), p.packageManager(),
                        p.how(), p.configFiles(), null));
            } else {
                String why = prepared.refused().stream().filter(r -> r.root().equals(g.root())).findFirst()
                        .map(r -> r.reason()).orElse("not prepared");
                views.add(new GuestView(g.name(), g.root().toString(), null, null, null, null, null, why));
            }
        }
        if (json) {
            out.println(Json.write(views));
        } else {
            for (GuestView v : views) {
                if (v.error() != null) {
                    out.printf("%-16s unknown: see the message above%n", v.name());
                } else {
                    out.printf("%-16s %s%s, %s, %d configuration files (%s)%n", v.name(), v.distribution(),
                            v.version().isEmpty() ? "" : " " + v.version(), v.packageManager(), v.configFiles(), v.how());
                }
            }
        }
        return prepared.refused().isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
    }
}
