package org.hashify.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hashify.kernel.distro.Detection;
import org.hashify.kernel.distro.DistroDetection;
import org.hashify.kernel.distro.DistroOverride;
import org.hashify.kernel.distro.UnknownDistributionException;
import org.hashify.kernel.engine.GuestReport;
import org.hashify.kernel.engine.Hashifier;
import org.hashify.kernel.engine.Mode;
import org.hashify.kernel.engine.RunReport;
import org.hashify.kernel.exec.GuestOperation;
import org.hashify.kernel.guest.ConfinedGuestFiles;
import org.hashify.kernel.guest.KnownGuest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hashify pkg SELECTION -- COMMAND...}: run a command in each selected guest, then re-hashify
 * the guests whose command succeeded. The aliases ({@code apt-get}, {@code dnf}...) and
 * {@code upgrade} are this command with the binary chosen for the user.
 */
@Command(name = "pkg", sortOptions = false, mixinStandardHelpOptions = true,
        customSynopsis = "hashify pkg [OPTIONS] [GUEST...] -- COMMAND [ARGS...]",
        description = {
            "Run a command in each selected guest (inside it when it is running, else in a chroot in fresh namespaces "
                + "with /proc, /sys and /dev, torn down after), collect every guest's exit status, then re-hashify the "
                + "guests whose command succeeded, since an upgrade replaces shared files with private copies. Output "
                + "lines are prefixed with the guest's name.",
            "",
            "Example: hashify pkg web1 web2 -- apt-get -y install nginx"
        })
class PkgCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    Selection selection;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Run in N guests at a time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--no-rehashify", description = "Do not re-hashify the guests afterwards.")
    boolean noRehashify;

    @Option(names = "--interactive", description = "Keep standard input open and the terminal attached (one guest at a time).")
    boolean interactive;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "7200",
            description = "Kill a guest's command after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** The binary an alias runs, or null for pkg itself. */
    private final String binary;
    /** The distribution families an alias serves; empty for any. */
    private final Set<String> families;

    PkgCommand() {
        this(null, Set.of());
    }

    PkgCommand(String binary, Set<String> families) {
        this.binary = binary;
        this.families = families;
    }

    /** The command to run in a guest, or empty with the reason printed when the guest is refused. */
    Optional<List<String>> commandFor(KnownGuest guest, Detection detection, List<String> args, PrintWriter err) {
        if (!families.isEmpty()) {
            String family = detection == null ? null : detection.knownDescriptor().map(d -> d.family()).orElse(null);
            if (family == null || !families.contains(family)) {
                err.println("hashify: guest " + guest.name() + " is " + (detection == null ? "of an unknown distribution"
                        : detection.distribution() + (family == null ? "" : " (" + family + " family)"))
                        + "; " + binary + " is for the " + String.join("/", families) + " family. Guest skipped.");
                return Optional.empty();
            }
        }
        List<String> cmd = new ArrayList<>();
        if (binary != null) {
            cmd.add(binary);
        }
        cmd.addAll(args);
        if (cmd.isEmpty()) {
            err.println("hashify: no command given for guest " + guest.name() + "; write it after --.");
            return Optional.empty();
        }
        return Optional.of(cmd);
    }

    /** Whether this command needs each guest's distribution before running (aliases, upgrade). */
    boolean needsDetection() {
        return !families.isEmpty();
    }

    @Override
    public Integer call() throws UserError {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> args = splitCommand();
        if (binary == null && !upgrades() && args.isEmpty()) {
            throw new UserError(ExitCode.BAD_INPUT, "Name the command to run after --, e.g. hashify pkg web1 -- apt-get "
                    + "-y upgrade");
        }
        if (interactive && parallel > 1) {
            throw new UserError(ExitCode.BAD_INPUT, "--interactive works with one guest at a time; drop --parallel.");
        }
        try (Host host = Host.open(hostOptions, common.config.file, err)) {
            List<KnownGuest> guests = selection.resolve(host.registry);
            DistroDetection detection = new DistroDetection(host.catalog(), host.plugins.distroDetectors(),
                    host.plugins.packageManagers());
            List<GuestOperation.Task> tasks = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (KnownGuest g : guests) {
                Detection d = null;
                if (needsDetection() || selection.filtersByDistro()) {
                    d = detect(g, detection, err);
                    if (selection.filtersByDistro() && (d == null || !(selection.distro.equals(d.distribution())
                            || d.knownDescriptor().map(x -> x.id().equals(selection.distro)).orElse(false)))) {
                        continue;
                    }
                }
                Optional<List<String>> cmd = commandFor(g, d, args, err);
                if (cmd.isPresent()) {
                    tasks.add(new GuestOperation.Task(g, cmd.get()));
                } else {
                    refused.add(g.name());
                }
            }
            // In a store in immutable use, thaw first: package managers replace and delete files, which frozen objects forbid.
            List<KnownGuest> operated = tasks.stream().map(GuestOperation.Task::guest).toList();
            GuestObjects.PackageThaw thawed = GuestObjects.PackageThaw.before(host, operated, common.store, err,
                    "hashify " + spec.name());
            int status;
            try {
                // With --json, standard output is the report alone; the guests' output goes to standard error.
                PrintWriter guestOutput = common.json ? err : out;
                List<GuestOperation.Result> results = GuestOperation.run(tasks, parallel, interactive,
                        Duration.ofSeconds(timeoutSeconds), line -> {
                            synchronized (guestOutput) {
                                guestOutput.println(line);
                                guestOutput.flush();
                            }
                        });
                List<KnownGuest> succeeded = new ArrayList<>();
                for (GuestOperation.Result r : results) {
                    if (r.outcome().succeeded()) {
                        succeeded.add(r.guest());
                    }
                }
                Map<String, GuestReport> reunified = new LinkedHashMap<>();
                int rehashStatus = ExitCode.OK;
                if (!noRehashify && !succeeded.isEmpty()) {
                    CommonOptions quiet = new CommonOptions();
                    quiet.store = common.store;
                    quiet.json = common.json;
                    List<RunReport> reports = new ArrayList<>();
                    rehashStatus = RunCommand.runSelected(host, succeeded, null, null, quiet,
                            new Hashifier.Options(host.config.minSizeOrDefault(), host.config.ignoreMtimeOrDefault(),
                                    false, Runtime.getRuntime().availableProcessors(),
                                    host.config.mode() == null ? Mode.AUTO : Mode.of(host.config.mode())),
                            new PrintWriter(PrintWriter.nullWriter()), err, "hashify " + spec.name(), reports::add);
                    for (RunReport rr : reports) {
                        rr.guests().forEach(gr -> reunified.put(gr.name, gr));
                    }
                }
                status = report(results, refused, reunified, rehashStatus, out, err);
            } finally {
                thawed.freezeAgain();
            }
            return thawed.failed() ? Math.max(status, ExitCode.SOME_FAILED) : status;
        }
    }

    private static Detection detect(KnownGuest g, DistroDetection detection, PrintWriter err) {
        DistroOverride override = g.info().packageStyle().map(DistroOverride::vserverStyle)
                .or(() -> g.distroSetting().map(DistroOverride::setting)).orElse(null);
        try (ConfinedGuestFiles files = ConfinedGuestFiles.open(g.name(), g.root())) {
            return detection.detect(files, override);
        } catch (UnknownDistributionException | java.io.IOException e) {
            err.println("hashify: " + e.getMessage());
            return null;
        }
    }

    boolean upgrades() {
        return false;
    }

    /** The words after "--" on the command line; picocli puts them at the end of the positional list. */
    private List<String> splitCommand() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dash = original.indexOf("--");
        if (dash < 0) {
            return List.of();
        }
        int n = original.size() - dash - 1;
        List<String> positional = selection.names;
        List<String> command = new ArrayList<>(positional.subList(positional.size() - n, positional.size()));
        selection.names = new ArrayList<>(positional.subList(0, positional.size() - n));
        return command;
    }

    record GuestView(String name, String how, int status, String error, double seconds, Long reunified, String rehashify) {
    }

    record View(List<GuestView> guests, List<String> refused, List<String> failed) {
    }

    private int report(List<GuestOperation.Result> results, List<String> refused, Map<String, GuestReport> reunified,
            int rehashStatus, PrintWriter out, PrintWriter err) {
        List<GuestView> views = new ArrayList<>();
        List<String> failed = new ArrayList<>(refused);
        for (GuestOperation.Result r : results) {
            GuestReport g = reunified.get(r.guest().name());
            Long files = g == null ? null : g.unified + g.newObjectPaths;
            String rehash = g == null ? (r.outcome().succeeded() && !noRehashify ? "not run" : null)
                    : g.failure != null ? g.failure : g.errors > 0 ? g.errors + " errors" : "ok";
            views.add(new GuestView(r.guest().name(), r.how(), r.outcome().status(), r.outcome().error(),
                    r.outcome().time().toMillis() / 1000.0, files, rehash));
            if (!r.outcome().succeeded() || (g != null && (g.failure != null || g.errors > 0))) {
                failed.add(r.guest().name());
            }
        }
        if (common.json) {
            out.println(Json.write(new View(views, refused, failed)));
        } else {
            out.println();
            out.printf(Locale.ROOT, "%-16s %-8s %12s %9s  %s%n", "guest", "status", "re-unified", "time", "how");
            for (GuestView v : views) {
                out.printf(Locale.ROOT, "%-16s %-8s %12s %8.1fs  %s%n", v.name(),
                        v.error() != null ? "error" : String.valueOf(v.status()),
                        v.reunified() == null ? "-" : v.reunified().toString(), v.seconds(), v.how()
                                + (v.error() != null ? ": " + v.error() : ""));
            }
            for (String r : refused) {
                out.printf(Locale.ROOT, "%-16s %-8s%n", r, "skipped");
            }
        }
        if (!failed.isEmpty()) {
            err.println("hashify: failed in " + failed.size() + " of " + (results.size() + refused.size()) + " guests: "
                    + String.join(", ", failed));
            return ExitCode.SOME_FAILED;
        }
        return rehashStatus;
    }
}
