package org.hashify.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hashify.kernel.guest.GuestRegistry;
import org.hashify.kernel.guest.KnownGuest;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which guests a command works on; the same for every command that takes guests. */
final class Selection {
    @Parameters(paramLabel = "GUEST",
            description = "Guests by name (as 'hashify guests' lists them), or root directories (any argument with a '/').")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Every guest hashify knows (see 'hashify guests').")
    boolean all;

    @Option(names = "--running", description = "Only guests that are running.")
    boolean running;

    @Option(names = "--stopped", description = "Only guests that are stopped (plain directories count as stopped).")
    boolean stopped;

    @Option(names = "--runtime", paramLabel = "R", description = "Only guests of runtime R: vserver, lxc, nspawn, dir.")
    String runtime;

    @Option(names = "--distro", paramLabel = "D",
            description = "Only guests detected as distribution D (its os-release ID or descriptor id, e.g. debian).")
    String distro;

    boolean filtersByDistro() {
        return distro != null;
    }

    /** The selected guests, in the order named or discovered; an unknown name is bad input. */
    List<KnownGuest> resolve(GuestRegistry registry) throws UserError {
        boolean filters = all || running || stopped || runtime != null || distro != null;
        if (names.isEmpty() && !filters) {
            throw new UserError(ExitCode.BAD_INPUT, "Name the guests to work on, or select them with --all, --running, "
                    + "--stopped, --runtime or --distro.");
        }
        if (running && stopped) {
            throw new UserError(ExitCode.BAD_INPUT, "--running and --stopped exclude each other.");
        }
        Map<Path, KnownGuest> chosen = new LinkedHashMap<>();
        for (String n : names) {
            KnownGuest g;
            if (n.contains("/")) {
                Path root = Path.of(n).toAbsolutePath().normalize();
                if (Files.isSymbolicLink(root)) {
                    throw new UserError(ExitCode.BAD_INPUT, "Guest root " + root + " is a symbolic link; a guest could "
                            + "point it anywhere. Name the directory itself.");
                }
                if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                    throw new UserError(ExitCode.BAD_INPUT, "Guest root " + root + " is not a directory.");
                }
                if (root.getNameCount() == 0) {
                    throw new UserError(ExitCode.BAD_INPUT, "The host's root directory cannot be a guest.");
                }
                g = registry.all().stream().filter(k -> k.root().equals(root)).findFirst()
                        .orElse(KnownGuest.plain(root.getFileName().toString(), root, Optional.empty()));
            } else {
                g = registry.byName(n).orElseThrow(() -> new UserError(ExitCode.BAD_INPUT, "No guest is named \"" + n
                        + "\"; 'hashify guests' lists the known ones, or name its root directory."));
            }
            chosen.putIfAbsent(g.root(), g);
        }
        if (names.isEmpty()) {
            registry.all().forEach(g -> chosen.putIfAbsent(g.root(), g));
        }
        List<KnownGuest> result = new ArrayList<>();
        for (KnownGuest g : chosen.values()) {
            if (runtime != null && !runtime.equals(g.runtimeId())) {
                continue;
            }
            if (running || stopped) {
                boolean up;
                try {
                    up = GuestRegistry.isRunning(g);
                } catch (java.io.IOException e) {
                    throw new UserError(ExitCode.UNEXPECTED_STATE, "Cannot tell whether guest " + g.name() + " is running: "
                            + e.getMessage());
                }
                if (up != running) {
                    continue;
                }
            }
            result.add(g);
        }
        return result;
    }

    /** Keeps the prepared guests whose distribution matches {@code --distro}, if given. */
    List<Host.Ready> byDistro(List<Host.Ready> ready) {
        if (distro == null) {
            return ready;
        }
        List<Host.Ready> kept = new ArrayList<>();
        for (Host.Ready r : ready) {
            var d = r.prepared().detection();
            if (d != null && (distro.equals(d.distribution())
                    || d.knownDescriptor().map(x -> x.id().equals(distro)).orElse(false))) {
                kept.add(r);
            }
        }
        return kept;
    }
}
