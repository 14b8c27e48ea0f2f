package org.hashify.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hashify.kernel.engine.GuestPackages;
import org.hashify.kernel.guest.GuestPreparer;
import org.hashify.kernel.guest.KnownGuest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Mixin
    Selection selection;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    record GuestView(String name, String runtime, String root, String distribution, String version,
            String packageManager, String how, Integer configFiles, String error) {
    }

    @Override
    public Integer call() throws UserError {
        if (hostOptions.noPackageManagement) {
            throw new UserError(ExitCode.BAD_INPUT, "detect reads the package databases; --no-pkgmgmt has no meaning here.");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Host host = Host.open(hostOptions, config.file, err)) {
            List<KnownGuest> guests = selection.resolve(host.registry);
            Host.Prepared prepared = host.prepare(guests, null);
            List<GuestView> views = new ArrayList<>();
            for (Host.Ready r : selection.byDistro(prepared.ready())) {
                GuestPackages p = r.spec().packages();
                views.add(new GuestView(r.guest().name(), r.guest().runtimeId(), r.guest().root().toString(),
                        p.distribution(), p.version(), p.packageManager(), p.how(), p.configFiles(), null));
            }
            for (GuestPreparer.Refused no : prepared.refused()) {
                views.add(new GuestView(no.name(), null, no.root().toString(), null, null, null, null, null, no.reason()));
            }
            if (json) {
                out.println(Json.write(views));
            } else {
                for (GuestView v : views) {
                    if (v.error() != null) {
                        out.printf("%-16s unknown: see the message above%n", v.name());
                    } else {
                        out.printf("%-16s %s%s, %s, %d configuration files (%s)%n", v.name(), v.distribution(),
                                v.version().isEmpty() ? "" : " " + v.version(), v.packageManager(), v.configFiles(),
                                v.how());
                    }
                }
            }
            return prepared.refused().isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
        }
    }
}
