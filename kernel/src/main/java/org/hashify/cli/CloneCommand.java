package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hashify.kernel.engine.Mode;
import org.hashify.kernel.guest.KnownGuest;
import org.hashify.kernel.ops.CloneException;
import org.hashify.kernel.ops.CloneReport;
import org.hashify.kernel.ops.Cloner;
import org.hashify.kernel.ops.CpComparison;
import org.hashify.kernel.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hashify clone SOURCE NEW_ROOT}: a new guest made from the store's objects and copies of the rest. */
@Command(name = "clone", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Make a new guest at NEW_ROOT from guest SOURCE: every file SOURCE shares with the store is linked to the "
                + "store's object (hardlink mode) or cloned with FICLONE (dedupe mode); everything else (configuration "
                + "files, excluded directories, small and unshared files) is cloned where the filesystem shares extents "
                + "and copied where it does not, with owner, mode, nanosecond times, extended attributes, capabilities "
                + "and ACLs. Symbolic links, device nodes and FIFOs are recreated, hard-link groups stay groups; sockets "
                + "are left out. The source is only read. NEW_ROOT must not exist; it appears whole when the clone is "
                + "done, on the store's filesystem, and the store's guest list records it.",
            "",
            "Example: hashify clone web1 /vservers/web2 --reset-identity",
            "Example: hashify clone /srv/chroots/bookworm /srv/chroots/build7 --compare-cp --json"
        })
final class CloneCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    HostOptions hostOptions;

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "The guest to clone: a name as 'hashify guests' lists it, or its root directory.")
    String source;

    @Parameters(index = "1", paramLabel = "NEW_ROOT",
            description = "The new guest's root directory; must not exist, its parent must, on the store's filesystem.")
    Path newRoot;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "auto (default: link objects, clone the rest with FICLONE where possible, else copy), hardlink "
                + "(link objects, copy the rest), or dedupe (FICLONE every file: each keeps its own inode). Default: "
                + "the configuration's \"mode\", else auto.")
    String mode;

    @Option(names = "--reset-identity",
            description = "Empty /etc/machine-id (the new guest makes its own at first boot) and write a new "
                + "/etc/hostname: the new root's directory name, or --hostname.")
    boolean resetIdentity;

    @Option(names = "--hostname", paramLabel = "NAME", description = "The hostname --reset-identity writes.")
    String hostname;

    @Option(names = "--exclude-from", paramLabel = "FILE",
            description = "Exclude list (vunify syntax) whose directories are copied whole, never linked; default: the "
                + "source's own, else the configuration's, else the built-in list.")
    Path excludeFrom;

    @Option(names = "--compare-cp",
            description = "Afterwards, time 'cp -a SOURCE' into a scratch directory beside NEW_ROOT, remove the copy, and "
                + "report both times.")
    boolean compareCp;

    /** What --json prints: the clone's report and, with --compare-cp, the time of cp -a. */
    record View(CloneReport report, Long cpMillis) {
    }

    @Override
    public Integer call() throws UserError {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (hostname != null && !resetIdentity) {
            throw new UserError(ExitCode.BAD_INPUT, "--hostname goes with --reset-identity.");
        }
        try (Host host = Host.open(hostOptions, common.config.file, err)) {
            Cloner.Options options;
            try {
                options = new Cloner.Options(Mode.of(mode != null ? mode : host.config.mode() != null
                        ? host.config.mode() : "auto"), resetIdentity, hostname);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.BAD_INPUT, e.getMessage(), e);
            }
            Selection selection = new Selection();
            selection.names.add(source);
            List<KnownGuest> guests = selection.resolve(host.registry);
            KnownGuest guest = guests.get(0);
            Host.Prepared prepared = host.prepare(guests, excludeFrom);
            if (prepared.ready().isEmpty()) {
                throw new UserError(ExitCode.BAD_INPUT, "Guest " + guest.name() + " was not cloned: its configuration "
                        + "files are unknown. Name its distribution in the configuration, or use --no-pkgmgmt to rely on "
                        + "the exclude list.");
            }
            Path storeDir = host.store(guest, common.store);
            if (!Files.isDirectory(storeDir, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserError(ExitCode.BAD_INPUT, "There is no store at " + storeDir + "; hashify the source first "
                        + "('hashify run " + source + "'), or name its store with --store.");
            }
            RunCommand.checkOverlap(storeDir, List.of(prepared.ready().get(0).spec()));
            CloneReport report;
            Store store = StoreAccess.forWriting(storeDir, "hashify clone " + source + " " + newRoot);
            try {
                report = new Cloner(store, options).clone(prepared.ready().get(0).spec(), newRoot);
            } catch (CloneException e) {
                throw new UserError(ExitCode.BAD_INPUT, e.getMessage(), e);
            } catch (IOException e) {
                throw new UserError(ExitCode.SOME_FAILED, "Cloning guest " + guest.name() + " to " + newRoot + " failed: "
                        + e.getMessage() + ". Nothing was left at " + newRoot + ".", e);
            } finally {
                StoreAccess.close(store);
            }
            Long cpMillis = null;
            if (compareCp) {
                try {
                    cpMillis = CpComparison.timeCpArchive(guest.root(), Path.of(report.newRoot()).getParent());
                } catch (IOException e) {
                    err.println("hashify: the comparison with cp -a failed: " + e.getMessage());
                }
            }
            report.problems().forEach(p -> err.println("hashify: " + p));
            if (common.verbose || !common.json) {
                report.notes().forEach(n -> err.println("hashify: note: " + n));
            }
            out.print(common.json ? Json.write(new View(report, cpMillis)) + "\n" : text(report, cpMillis));
            out.flush();
            return report.complete() ? ExitCode.OK : ExitCode.SOME_FAILED;
        }
    }

    static String text(CloneReport r, Long cpMillis) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Cloned guest %s (%s) to %s in %s.%n", r.source(), r.sourceRoot(),
                r.newRoot(), seconds(r.elapsedMillis())));
        b.append(String.format(Locale.ROOT, "  %,d files linked to store objects (%s shared)%n", r.linked(),
                Bytes.human(r.linkedBytes())));
        if (r.cloned() > 0 || r.reflink()) {
            b.append(String.format(Locale.ROOT, "  %,d files cloned with FICLONE (%s, extents shared)%n", r.cloned(),
                    Bytes.human(r.clonedBytes())));
        }
        b.append(String.format(Locale.ROOT, "  %,d files copied (%s)%n", r.copied(), Bytes.human(r.copiedBytes())));
        b.append(String.format(Locale.ROOT, "  %,d further hard links, %,d directories, %,d symbolic links, "
                + "%,d device nodes and FIFOs%s%n", r.hardLinks(), r.directories(), r.symlinks(), r.devices(),
                r.socketsSkipped() > 0 ? String.format(Locale.ROOT, "; %,d sockets left out", r.socketsSkipped()) : ""));
        r.identity().forEach(i -> b.append("  ").append(i).append('\n'));
        if (cpMillis != null) {
            b.append(String.format(Locale.ROOT, "cp -a of the same guest took %s (run after the clone, with a warm "
                    + "cache): the clone took %.0f%% of that time.%n", seconds(cpMillis),
                    cpMillis == 0 ? 100.0 : 100.0 * r.elapsedMillis() / cpMillis));
        }
        if (!r.complete()) {
            b.append(r.problems().size()).append(" entries were not copied exactly; see the messages above.\n");
        }
        return b.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
