package org.hashify.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hashify.kernel.distro.DistroDetection;
import org.hashify.kernel.engine.GuestSpec;
import org.hashify.kernel.guest.GuestPreparer;
import org.hashify.kernel.plugin.PluginHost;
import org.hashify.kernel.walk.ExcludeList;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Plugins, descriptors and the package-management switch, shared by the commands that prepare guests. */
final class GuestSetup {
    @Mixin
    PluginOptions plugins;

    @Mixin
    DistroOptions distros;

    @Option(names = "--no-pkgmgmt",
            description = "Do not read package databases: rely on the exclude list alone to keep configuration files "
                + "private. The report flags every guest run this way.")
    boolean noPackageManagement;

    /** The guests ready to run, and the refused ones (already reported on {@code err}). */
    record Prepared(List<GuestSpec> ready, List<GuestPreparer.Refused> refused) {
    }

    Prepared prepare(List<GuestSpec> guests, PrintWriter err) throws UserError {
        List<GuestSpec> ready = new ArrayList<>();
        List<GuestPreparer.Refused> refused = new ArrayList<>();
        try (PluginHost host = plugins.load()) {
            host.problems().forEach(p -> err.println("hashify: " + p));
            DistroDetection detection = new DistroDetection(distros.load(), host.distroDetectors(), host.packageManagers());
            GuestPreparer preparer = new GuestPreparer(detection, host.packageManagers(), !noPackageManagement);
            for (GuestSpec g : guests) {
                GuestPreparer.Prepared p = preparer.prepare(g.name(), g.root(), g.excludes(), null);
                if (p instanceof GuestPreparer.Ready r) {
                    r.warnings().forEach(w -> err.println("hashify: warning: " + w));
                    ready.add(r.spec());
                } else {
                    GuestPreparer.Refused no = (GuestPreparer.Refused) p;
                    err.println("hashify: " + no.reason() + " Guest skipped.");
                    refused.add(no);
                }
            }
        }
        return new Prepared(ready, refused);
    }

    static GuestSpec plain(String name, Path root, ExcludeList excludes) {
        return new GuestSpec(name, root, excludes);
    }
}
