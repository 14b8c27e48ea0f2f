package org.hashify.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hashify.kernel.config.ConfigException;
import org.hashify.kernel.config.ConfigReader;
import org.hashify.kernel.config.HashifyConfig;
import org.hashify.kernel.distro.DistroCatalog;
import org.hashify.kernel.distro.DistroDetection;
import org.hashify.kernel.distro.DistroOverride;
import org.hashify.kernel.engine.GuestSpec;
import org.hashify.kernel.guest.GuestPreparer;
import org.hashify.kernel.guest.GuestRegistry;
import org.hashify.kernel.guest.KnownGuest;
import org.hashify.kernel.plugin.PluginHost;
import org.hashify.kernel.walk.ExcludeList;

/**
 * The host as the command line sees it for one command: its configuration, plugins, descriptors
 * and guests, loaded once. Problems met on the way are printed, one line each.
 */
final class Host implements AutoCloseable {
    final HashifyConfig config;
    final PluginHost plugins;
    final GuestRegistry registry;
    private final DistroOptions distros;
    private DistroCatalog catalog; // read on first use: a run without package management needs none
    private final boolean packageManagement;
    private final PrintWriter err;

    private Host(HashifyConfig config, PluginHost plugins, DistroOptions distros, GuestRegistry registry,
            boolean packageManagement, PrintWriter err) {
        this.config = config;
        this.plugins = plugins;
        this.distros = distros;
        this.registry = registry;
        this.packageManagement = packageManagement;
        this.err = err;
    }

    static Host open(HostOptions options, Path configFile, PrintWriter err) throws UserError {
        HashifyConfig config = readConfig(configFile);
        options.plugins.extra.addAll(0, config.pluginDirs());
        options.distros.extra.addAll(0, config.distroDirs());
        PluginHost plugins = options.plugins.load();
        try {
            plugins.problems().forEach(p -> err.println("hashify: " + p));
            GuestRegistry registry = GuestRegistry.discover(config, plugins.runtimes());
            registry.problems().forEach(p -> err.println("hashify: " + p));
            return new Host(config, plugins, options.distros, registry, !options.noPackageManagement, err);
        } catch (RuntimeException e) {
            plugins.close();
            throw e;
        }
    }

    /** The distribution descriptors, read the first time they are needed. */
    DistroCatalog catalog() throws UserError {
        if (catalog == null) {
            catalog = distros.load();
        }
        return catalog;
    }

    static HashifyConfig readConfig(Path file) throws UserError {
        try {
            return file == null ? ConfigReader.read(HashifyConfig.DEFAULT_FILE, true) : ConfigReader.read(file, false);
        } catch (ConfigException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage(), e);
        }
    }

    /** The exclude list of a guest: the command line's, else the guest's own, else the configuration's, else built in. */
    ExcludeList excludes(KnownGuest g, Path commandLine) throws UserError {
        Path file = commandLine != null ? commandLine
                : g.info().excludeFile().orElse(config.exclude());
        return RunCommand.excludes(file);
    }

    /** The store of a guest: the command line's, else the one its configuration names, else hashify's. */
    Path store(KnownGuest g, Path commandLine) {
        if (commandLine != null) {
            return commandLine;
        }
        return g.info().store().orElse(config.storeOrDefault());
    }

    /** Guests ready to run (with their configuration files excluded), and the refused ones, already reported. */
    record Prepared(List<Ready> ready, List<GuestPreparer.Refused> refused) {
    }

    record Ready(KnownGuest guest, GuestSpec spec, GuestPreparer.Ready prepared) {
    }

    Prepared prepare(List<KnownGuest> guests, Path excludeFromCommandLine) throws UserError {
        DistroDetection detection = packageManagement
                ? new DistroDetection(catalog(), plugins.distroDetectors(), plugins.packageManagers()) : null;
        GuestPreparer preparer = new GuestPreparer(detection, plugins.packageManagers(), packageManagement);
        List<Ready> ready = new ArrayList<>();
        List<GuestPreparer.Refused> refused = new ArrayList<>();
        for (KnownGuest g : guests) {
            ExcludeList excludes = excludes(g, excludeFromCommandLine);
            DistroOverride override = g.info().packageStyle().map(DistroOverride::vserverStyle)
                    .or(() -> g.distroSetting().map(DistroOverride::setting)).orElse(null);
            GuestPreparer.Prepared p = preparer.prepare(g.name(), g.root(), excludes, override);
            if (p instanceof GuestPreparer.Ready r) {
                r.warnings().forEach(w -> err.println("hashify: warning: " + w));
                ready.add(new Ready(g, r.spec(), r));
            } else {
                GuestPreparer.Refused no = (GuestPreparer.Refused) p;
                err.println("hashify: " + no.reason() + " Guest skipped.");
                refused.add(no);
            }
        }
        return new Prepared(ready, refused);
    }

    /** The distribution a prepared guest was detected as, or empty without package management. */
    static Optional<String> distribution(Ready r) {
        return Optional.ofNullable(r.prepared().detection()).map(d -> d.distribution());
    }

    @Override
    public void close() {
        plugins.close();
    }
}
