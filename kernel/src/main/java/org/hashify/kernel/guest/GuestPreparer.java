package org.hashify.kernel.guest;

import java.io.IOException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hashify.api.ConfigFile;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageDatabaseException;
import org.hashify.api.PackageManager;
import org.hashify.kernel.distro.Detection;
import org.hashify.kernel.distro.DistroDetection;
import org.hashify.kernel.distro.DistroOverride;
import org.hashify.kernel.distro.UnknownDistributionException;
import org.hashify.kernel.engine.GuestPackages;
import org.hashify.kernel.engine.GuestSpec;
import org.hashify.kernel.walk.ExcludeList;
import org.hashify.kernel.walk.ExcludeListException;
import org.hashify.kernel.walk.GuestPaths;

/**
 * Readies a guest for a run: detects its distribution, reads its package configuration files
 * through the package manager's plugin, and adds them to the exclude list. A guest whose list
 * cannot be had is refused, never unified without it, unless package management is turned off.
 */
public final class GuestPreparer {
    private final DistroDetection detection;
    private final Map<String, ? extends PackageManager> packageManagers;
    private final boolean packageManagement;

    /** Ready to run, or why not. */
    public sealed interface Prepared permits Ready, Refused {
        String name();

        Path root();
    }

    /** @param warnings refused database entries and detection troubles, each naming the guest */
    public record Ready(GuestSpec spec, Detection detection, List<String> warnings) implements Prepared {
        @Override
        public String name() {
            return spec.name();
        }

        @Override
        public Path root() {
            return spec.root();
        }
    }

    public record Refused(String name, Path root, String reason) implements Prepared {
    }

    /** @param packageManagement false for {@code --no-pkgmgmt}: rely on the exclude list alone */
    public GuestPreparer(DistroDetection detection, Map<String, ? extends PackageManager> packageManagers,
            boolean packageManagement) {
        this.detection = detection;
        this.packageManagers = packageManagers;
        this.packageManagement = packageManagement;
    }

    public Prepared prepare(String name, Path root, ExcludeList excludes, DistroOverride override) {
        if (!packageManagement) {
            return new Ready(new GuestSpec(name, root, excludes, null), null, List.of());
        }
        try (ConfinedGuestFiles files = ConfinedGuestFiles.open(name, root)) {
            Detection d = detection.detect(files, override);
            List<String> warnings = new ArrayList<>(d.warnings());
            PackageManager pm = packageManagers.get(d.packageManager());
            if (pm == null) {
                return new Refused(name, root, "guest " + name + ": " + d.distribution() + " (" + d.how() + ") keeps its "
                        + "packages with " + d.packageManager() + ", and no plugin provides it. Install the plugin, or "
                        + "use --no-pkgmgmt to rely on the exclude list alone.");
            }
            ConfigFileList list;
            try {
                list = pm.configFiles(files);
            } catch (PackageDatabaseException e) {
                return new Refused(name, root, "guest " + name + ": package database " + e.guestPath() + ": "
                        + e.getMessage() + " Fix or rebuild it, or use --no-pkgmgmt to rely on the exclude list alone.");
            } catch (RuntimeException | LinkageError e) {
                return new Refused(name, root, "guest " + name + ": the " + d.packageManager() + " plugin failed ("
                        + e + "). Report it to the plugin's authors, or use --no-pkgmgmt.");
            }
            list.warnings().forEach(w -> warnings.add("guest " + name + ": " + w));
            Set<String> paths = new LinkedHashSet<>();
            for (ConfigFile f : list.files()) {
                String canonical = canonical(f.rawPath());
                if (canonical == null) {
                    warnings.add("guest " + name + ": package " + f.owner() + " lists \"" + GuestPaths.display(f.rawPath())
                            + "\" as a configuration file; a path that is not absolute or climbs with '..' is ignored");
                } else {
                    paths.add(canonical);
                }
            }
            ExcludeList withConfig = excludes.withExactExcludes(paths);
            if (d.descriptor() != null && !d.descriptor().excludes().isEmpty()) {
                withConfig = withConfig.withRulesFirst(d.descriptor().excludes().stream().map(GuestPaths::raw).toList(),
                        "the " + d.descriptor().id() + " descriptor's excludes");
            }
            GuestPackages packages = new GuestPackages(d.distribution(), d.version(), d.packageManager(), d.how(),
                    paths.size());
            return new Ready(new GuestSpec(name, root, withConfig, packages), d, warnings);
        } catch (UnknownDistributionException e) {
            return new Refused(name, root, e.getMessage());
        } catch (ExcludeListException e) {
            return new Refused(name, root, "guest " + name + ": " + e.getMessage());
        } catch (IOException e) {
            return new Refused(name, root, "guest " + name + ": " + e.getMessage());
        }
    }

    /**
     * The path as the walk spells it (no empty or "." components, no trailing slash), or null
     * for a path that is relative, holds a NUL, or climbs with "..".
     */
    static String canonical(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/' || rawPath.indexOf('\0') >= 0) {
            return null;
        }
        StringBuilder b = new StringBuilder(rawPath.length());
        for (String part : rawPath.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return null;
            }
            b.append('/').append(part);
        }
        return b.length() == 0 ? null : b.toString();
    }

}
