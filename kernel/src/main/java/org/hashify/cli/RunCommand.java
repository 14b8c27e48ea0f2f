package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hashify.kernel.engine.GuestSpec;
import org.hashify.kernel.engine.Hashifier;
import org.hashify.kernel.engine.RunReport;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.ExcludeList;
import org.hashify.kernel.walk.ExcludeListException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hashify run}: unify every eligible file of the named guests. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Unify every eligible file of the guests: each regular file at or above the minimum size, outside the "
                + "exclude list, whose content and metadata (mode, owner, mtime, extended attributes) another file or "
                + "a store object shares, becomes a hard link to that object. The first file of its kind becomes the "
                + "object. A second run over unchanged guests reads no file content.",
            "",
            "Example: hashify run --store /vservers/.hash /vservers/web1 /vservers/web2"
        })
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    GuestSetup setup;

    @Parameters(paramLabel = "GUEST_DIR", arity = "1..*",
            description = "Root directories of the guests. The guest's name is the directory's name.")
    List<Path> guests;

    @Option(names = {"-n", "--dry-run"},
            description = "Change nothing anywhere, the store included; report what a real run would do.")
    boolean dryRun;

    @Option(names = "--exclude-from", paramLabel = "FILE",
            description = "Exclude list in util-vserver's vunify syntax (+include, -exclude, ~skip; '*' matches '/'), "
                + "replacing the built-in list, e.g. a vserver's apps/vunify/exclude.")
    Path excludeFrom;

    @Option(names = "--min-size", paramLabel = "BYTES", defaultValue = "16",
            description = "Leave files smaller than this alone (default: ${DEFAULT-VALUE}).")
    long minSize;

    @Option(names = "--ignore-mtime",
            description = "Share files whose modification times differ; the guests then see the object's mtime.")
    boolean ignoreMtime;

    @Option(names = "--threads", paramLabel = "N",
            description = "Hashing threads (default: the number of processors).")
    Integer threads;

    @Override
    public Integer call() throws UserError {
        if (minSize < 0) {
            throw new UserError(ExitCode.BAD_INPUT, "--min-size must not be negative, got " + minSize);
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new UserError(ExitCode.BAD_INPUT, "--threads must be at least 1, got " + t);
        }
        ExcludeList excludes = excludes(excludeFrom);
        List<GuestSpec> specs = guestSpecs(guests, excludes, common.store);
        GuestSetup.Prepared prepared = setup.prepare(specs, spec.commandLine().getErr());
        Hashifier.Options options = new Hashifier.Options(minSize, ignoreMtime, dryRun, t);
        return execute(common, prepared, options, spec.commandLine().getOut(), spec.commandLine().getErr(),
                "hashify run " + String.join(" ", guests.stream().map(Path::toString).toList()));
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

    /** Checks the named guest roots (directories, not symlinks, not overlapping; {@code store} may be null). */
    static List<GuestSpec> guestSpecs(List<Path> roots, ExcludeList excludes, Path store) throws UserError {
        Path storeAbs = store == null ? null : store.toAbsolutePath().normalize();
        List<GuestSpec> specs = new ArrayList<>();
        List<Path> seen = new ArrayList<>();
        for (Path root : roots) {
            Path abs = root.toAbsolutePath().normalize();
            if (Files.isSymbolicLink(abs)) {
                throw new UserError(ExitCode.BAD_INPUT, "Guest root " + abs + " is a symbolic link; a guest could "
                        + "point it anywhere. Name the directory itself: " + realOrSame(abs));
            }
            if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserError(ExitCode.BAD_INPUT, "Guest root " + abs + " is not a directory.");
            }
            if (abs.getNameCount() == 0) {
                throw new UserError(ExitCode.BAD_INPUT, "The host's root directory cannot be a guest.");
            }
            if (storeAbs != null && (storeAbs.startsWith(abs) || abs.startsWith(storeAbs))) {
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
            specs.add(new GuestSpec(abs.getFileName().toString(), abs, excludes));
        }
        return specs;
    }

    private static String realOrSame(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return "(it does not resolve)";
        }
    }

    /** Opens the store, runs, prints the report; shared with the demo. */
    static int execute(CommonOptions common, GuestSetup.Prepared prepared, Hashifier.Options options, PrintWriter out,
            PrintWriter err, String commandLine) throws UserError {
        List<GuestSpec> specs = prepared.ready();
        Store store = options.dryRun() ? StoreAccess.readOnly(common.store, true)
                : StoreAccess.forWriting(common.store, commandLine);
        try {
            boolean terminal = System.console() != null && !common.json;
            try (Progress progress = terminal ? Progress.bar() : Progress.none()) {
                Hashifier hashifier = new Hashifier(store, options, progress);
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
                RunReport report;
                try {
                    report = hashifier.run(specs);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is already running: it waits for the report below
                    }
                }
                progress.close();
                for (var refused : prepared.refused()) {
                    report.addRefused(refused.name(), refused.root().toString(), refused.reason());
                }
                for (String p : report.problems()) {
                    err.println("hashify: " + p);
                }
                out.print(common.json ? Json.write(RunReportView.of(report, store.root())) + "\n"
                        : RunReportView.text(report, store.root(), options.minSize()));
                out.flush();
                done.countDown();
                return report.hasFailures() ? ExitCode.SOME_FAILED : ExitCode.OK;
            }
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Store " + common.store + ": " + e.getMessage(), e);
        } finally {
            StoreAccess.close(store);
        }
    }
}
