package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hashify.kernel.engine.GuestSpec;
import org.hashify.kernel.engine.Hashifier;
import org.hashify.kernel.engine.Mode;
import org.hashify.kernel.engine.RunReport;
import org.hashify.kernel.guest.GuestPreparer;
import org.hashify.kernel.guest.KnownGuest;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.ExcludeList;
import org.hashify.kernel.walk.ExcludeListException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hashify run}: unify every eligible file of the selected guests. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Unify every eligible file of the guests: each regular file at or above the minimum size, outside the "
                + "exclude list and its package database's configuration files, whose content and metadata (mode, owner, "
                + "mtime, extended attributes) another file or a store object shares, becomes a hard link to that "
                + "object. The first file of its kind becomes the object. A second run over unchanged guests reads no "
                + "file content.",
            "",
            "Example: hashify run --store /vservers/.hash /vservers/web1 /vservers/web2",
            "Example: hashify run --all"
        })
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    Selection selection;

    @Option(names = {"-n", "--dry-run"},
            description = "Change nothing anywhere, the store included; report what a real run would do.")
    boolean dryRun;

    @Option(names = "--exclude-from", paramLabel = "FILE",
            description = "Exclude list in util-vserver's vunify syntax (+include, -exclude, ~skip; '*' matches '/'), "
                + "replacing the built-in list and a vserver guest's own apps/vunify/exclude.")
    Path excludeFrom;

    @Option(names = "--min-size", paramLabel = "BYTES",
            description = "Leave files smaller than this alone (default: the configuration's \"minSize\", else 16).")
    Long minSize;

    @Option(names = "--ignore-mtime",
            description = "Share files whose modification times differ; the guests then see the object's mtime.")
    boolean ignoreMtime;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "auto (default: dedupe where the store's filesystem shares extents, hardlink elsewhere), "
                + "hardlink (guest files become hard links to the objects), or dedupe (btrfs, XFS with reflink: guest "
                + "files keep their inodes and metadata and share the objects' extents, copy-on-write).")
    String mode;

    @Option(names = "--immutable",
            description = "Hardlink mode: give store objects the immutable flag (FS_IMMUTABLE_FL), so no guest can write "
                + "into a shared file, and keep the store in immutable use (STORE/immutable): later runs, pkg and upgrade "
                + "freeze too. Also the configuration's \"immutable\": true. Needs root.")
    boolean immutable;

    @Option(names = "--threads", paramLabel = "N",
            description = "Hashing threads (default: the number of processors).")
    Integer threads;

    @Override
    public Integer call() throws UserError {
        PrintWriter err = spec.commandLine().getErr();
        try (Host host = Host.open(hostOptions, common.config.file, err)) {
            long min = minSize != null ? minSize : host.config.minSizeOrDefault();
            if (min < 0) {
                throw new UserError(ExitCode.BAD_INPUT, "--min-size must not be negative, got " + min);
            }
            int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            if (t < 1) {
                throw new UserError(ExitCode.BAD_INPUT, "--threads must be at least 1, got " + t);
            }
            List<KnownGuest> guests = selection.resolve(host.registry);
            if (guests.isEmpty()) {
                spec.commandLine().getOut().println("No guest is selected; nothing to do.");
                return ExitCode.OK;
            }
            Mode m;
            try {
                m = Mode.of(mode != null ? mode : host.config.mode() != null ? host.config.mode() : "auto");
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.BAD_INPUT, "--mode: " + e.getMessage());
            }
            boolean freeze = immutable || host.config.immutableOrDefault();
            if (freeze && m == Mode.DEDUPE) {
                throw new UserError(ExitCode.BAD_INPUT, "--immutable is for hardlink mode; in dedupe mode each guest keeps "
                        + "its own inode and a write is copy-on-write already. Drop one of them.");
            }
            if (freeze && m == Mode.AUTO) {
                m = Mode.HARDLINK; // frozen objects only make sense where guests share inodes
            }
            Hashifier.Options options = new Hashifier.Options(min, ignoreMtime || host.config.ignoreMtimeOrDefault(),
                    dryRun, t, m);
            return runSelected(host, guests, selection, excludeFrom, common, options, spec.commandLine().getOut(), err,
                    "hashify run", r -> { }, freeze);
        }
    }

    /**
     * Prepares the guests, groups them by store, and runs each group; shared by run, pkg and the
     * demo. Returns the worst exit status.
     */
    static int runSelected(Host host, List<KnownGuest> guests, Selection selection, Path excludeFrom,
            CommonOptions common, Hashifier.Options options, PrintWriter out, PrintWriter err, String commandLine)
            throws UserError {
        return runSelected(host, guests, selection, excludeFrom, common, options, out, err, commandLine, r -> { });
    }

    /** As above, handing each store's report to {@code reports} too. */
    static int runSelected(Host host, List<KnownGuest> guests, Selection selection, Path excludeFrom,
            CommonOptions common, Hashifier.Options options, PrintWriter out, PrintWriter err, String commandLine,
            java.util.function.Consumer<RunReport> reports) throws UserError {
        return runSelected(host, guests, selection, excludeFrom, common, options, out, err, commandLine, reports, false);
    }

    /** As above; {@code immutable} puts each store in immutable use first (run --immutable). */
    static int runSelected(Host host, List<KnownGuest> guests, Selection selection, Path excludeFrom,
            CommonOptions common, Hashifier.Options options, PrintWriter out, PrintWriter err, String commandLine,
            java.util.function.Consumer<RunReport> reports, boolean immutable) throws UserError {
        Host.Prepared prepared = host.prepare(guests, excludeFrom);
        List<Host.Ready> ready = selection == null ? prepared.ready() : selection.byDistro(prepared.ready());
        Map<Path, List<GuestSpec>> byStore = new LinkedHashMap<>();
        for (Host.Ready r : ready) {
            byStore.computeIfAbsent(host.store(r.guest(), common.store), k -> new ArrayList<>()).add(r.spec());
        }
        if (byStore.isEmpty()) {
            byStore.put(common.store != null ? common.store : host.config.storeOrDefault(), List.of());
        }
        int status = ExitCode.OK;
        boolean first = true;
        for (Map.Entry<Path, List<GuestSpec>> group : byStore.entrySet()) {
            checkOverlap(group.getKey(), group.getValue());
            List<GuestPreparer.Refused> refused = first ? prepared.refused() : List.of();
            first = false;
            status = Math.max(status, execute(group.getKey(), common.json, group.getValue(), refused, options, out, err,
                    commandLine, reports, immutable));
        }
        return status;
    }

    static ExcludeList excludes(Path file) throws UserError {
        if (file == null) {
            return ExcludeList.builtIn();
        }
        try {
            return ExcludeList.read(file);
        } catch (ExcludeListException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(ExitCode.BAD_INPUT, "Cannot read exclude list " + file + ": " + e.getMessage(), e);
        }
    }

    /** A store inside a guest (or a guest inside the store, or one guest inside another) is refused. */
    static void checkOverlap(Path store, List<GuestSpec> guests) throws UserError {
        Path storeAbs = store.toAbsolutePath().normalize();
        List<Path> seen = new ArrayList<>();
        for (GuestSpec g : guests) {
            Path abs = g.root();
            if (storeAbs.startsWith(abs) || abs.startsWith(storeAbs)) {
                throw new UserError(ExitCode.BAD_INPUT, "Store " + storeAbs + " and guest " + abs + " overlap; the "
                        + "store must lie outside every guest (a guest could tamper with it), e.g. beside them.");
            }
            for (Path other : seen) {
                if (other.startsWith(abs) || abs.startsWith(other)) {
                    throw new UserError(ExitCode.BAD_INPUT, "Guests " + other + " and " + abs + " overlap; name each "
                            + "guest root once.");
                }
            }
            seen.add(abs);
        }
    }

    /** Opens the store, runs, prints the report. */
    static int execute(Path storeDir, boolean json, List<GuestSpec> specs, List<GuestPreparer.Refused> refused,
            Hashifier.Options options, PrintWriter out, PrintWriter err, String commandLine,
            java.util.function.Consumer<RunReport> reports, boolean immutable) throws UserError {
        if (specs.isEmpty()) {
            for (GuestPreparer.Refused r : refused) {
                err.println("hashify: guest " + r.name() + " was not run.");
            }
            return refused.isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
        }
        Store store = options.dryRun() ? StoreAccess.readOnly(storeDir, true) : StoreAccess.forWriting(storeDir, commandLine);
        try {
            boolean terminal = System.console() != null && !json;
            Progress progress = terminal ? Progress.bar() : Progress.none();
            Hashifier hashifier = new Hashifier(store, options, progress).immutable(immutable);
            // SIGINT/SIGTERM: ask the run to stop after the current file, and let it print its summary.
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                hashifier.requestStop();
                try {
                    done.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "hashify-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                RunReport report;
                try {
                    report = hashifier.run(specs);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is already running: it waits for the report below
                    }
                    progress.close();
                }
                for (GuestPreparer.Refused r : refused) {
                    report.addRefused(r.name(), r.root().toString(), r.reason());
                }
                for (String p : report.problems()) {
                    err.println("hashify: " + p);
                }
                reports.accept(report);
                out.print(json ? RecordJson.write(RunReportView.of(report, store.root())) + "\n"
                        : RunReportView.text(report, store.root(), options.minSize()));
                out.flush();
                return report.hasFailures() ? ExitCode.SOME_FAILED : ExitCode.OK;
            } finally {
                done.countDown();
            }
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Store " + storeDir + ": " + e.getMessage(), e);
        } finally {
            StoreAccess.close(store);
        }
    }
}
