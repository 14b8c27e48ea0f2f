package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hashify.kernel.guest.KnownGuest;
import org.hashify.kernel.ops.InsufficientSpaceException;
import org.hashify.kernel.ops.SplitPlan;
import org.hashify.kernel.ops.SplitReport;
import org.hashify.kernel.ops.Splitter;
import org.hashify.kernel.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hashify split SELECTION}: give guests private copies of every file they share. */
@Command(name = "split", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Give each selected guest private copies of all the files it shares with the store (hard links to objects, "
                + "or in dedupe mode files sharing an object's extents), before moving it to another filesystem or "
                + "backing it up alone. Each copy is written beside its file and renamed over it atomically, with the "
                + "same content, owner, mode, times and attributes; hard-link groups stay groups; directories keep "
                + "their times; frozen objects are thawed for the moment and frozen again. Checks first that the copies "
                + "fit and refuses, changing nothing, when they do not. Takes the store's lock.",
            "",
            "Example: hashify split web1 --dry-run",
            "Example: hashify split /vservers/old --json"
        })
final class SplitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    Selection selection;

    @Option(names = {"-n", "--dry-run"}, description = "Change nothing; report what would be copied and whether it fits.")
    boolean dryRun;

    @Override
    public Integer call() throws UserError {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Host host = Host.open(hostOptions, common.config.file, err)) {
            List<KnownGuest> guests = selection.resolve(host.registry);
            if (selection.filtersByDistro()) {
                guests = selection.byDistro(host.prepare(guests, null).ready()).stream().map(Host.Ready::guest).toList();
            }
            if (guests.isEmpty()) {
                out.println("No guest is selected; nothing to do.");
                return ExitCode.OK;
            }
            Map<Path, List<Splitter.Guest>> byStore = new LinkedHashMap<>();
            for (KnownGuest g : guests) {
                byStore.computeIfAbsent(host.store(g, common.store), k -> new ArrayList<>())
                        .add(new Splitter.Guest(g.name(), g.root()));
            }
            List<Store> stores = new ArrayList<>();
            try {
                List<Splitter> splitters = new ArrayList<>();
                List<SplitPlan> plans = new ArrayList<>();
                for (Map.Entry<Path, List<Splitter.Guest>> e : byStore.entrySet()) {
                    Store store = dryRun ? StoreAccess.readOnly(e.getKey(), true)
                            : StoreAccess.forWriting(e.getKey(), "hashify split");
                    stores.add(store);
                    if (!store.exists()) {
                        throw new UserError(ExitCode.BAD_INPUT, "There is no store at " + e.getKey() + "; guests "
                                + "that were never hashified share nothing to split.");
                    }
                    Splitter splitter = new Splitter(store);
                    splitters.add(splitter);
                    plans.add(splitter.plan(e.getValue()));
                }
                // Every filesystem is checked before any guest is touched.
                List<SplitPlan.SpaceCheck> shortages = plans.stream().flatMap(p -> p.shortages().stream()).toList();
                if (!shortages.isEmpty()) {
                    throw new UserError(ExitCode.UNEXPECTED_STATE, new InsufficientSpaceException(shortages).getMessage());
                }
                int status = ExitCode.OK;
                List<SplitReport> reports = new ArrayList<>();
                for (int i = 0; i < plans.size(); i++) {
                    SplitReport r = splitters.get(i).split(plans.get(i), dryRun);
                    reports.add(r);
                    r.problems().forEach(p -> err.println("hashify: " + p));
                    if (!r.complete()) {
                        status = ExitCode.SOME_FAILED;
                    }
                }
                SplitReport all = merge(reports, dryRun);
                out.print(common.json ? Json.write(all) + "\n" : text(all));
                out.flush();
                return status;
            } catch (InsufficientSpaceException e) {
                throw new UserError(ExitCode.UNEXPECTED_STATE, e.getMessage(), e);
            } catch (IOException e) {
                throw new UserError(ExitCode.SOME_FAILED, "Split failed: " + e.getMessage() + ". Every file is either "
                        + "still shared or private; run the split again once the cause is fixed.", e);
            } finally {
                stores.forEach(StoreAccess::close);
            }
        }
    }

    /** One report for every store, so that scripts always read the same shape. */
    static SplitReport merge(List<SplitReport> reports, boolean dryRun) {
        List<SplitPlan.SpaceCheck> space = new ArrayList<>();
        List<SplitReport.GuestResult> guests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long millis = 0;
        for (SplitReport r : reports) {
            space.addAll(r.space());
            guests.addAll(r.guests());
            problems.addAll(r.problems());
            millis += r.elapsedMillis();
        }
        return new SplitReport(dryRun, space, guests, millis, problems);
    }

    static String text(SplitReport r) {
        StringBuilder b = new StringBuilder();
        for (SplitReport.GuestResult g : r.guests()) {
            if (g.failure() != null) {
                b.append(String.format(Locale.ROOT, "Guest %s was not split: %s%n", g.name(), g.failure()));
                continue;
            }
            b.append(String.format(Locale.ROOT, "%s guest %s (%s): %,d of %,d shared paths, %,d private copies, %s%s%s.%n",
                    r.dryRun() ? "Would split" : "Split", g.name(), g.root(), g.splitPaths(), g.sharedPaths(),
                    g.splitInodes(), Bytes.human(g.bytesCopied()),
                    g.skippedPaths() > 0 ? String.format(Locale.ROOT, "; %,d paths changed meanwhile and stay shared",
                            g.skippedPaths()) : "",
                    g.thawedObjects() > 0 ? String.format(Locale.ROOT, "; %,d frozen objects thawed and frozen again",
                            g.thawedObjects()) : ""));
        }
        for (SplitPlan.SpaceCheck s : r.space()) {
            b.append(String.format(Locale.ROOT, "Space on %s: %s needed (plus a margin of %s), %s were free.%n",
                    s.filesystem(), Bytes.human(s.needed()), Bytes.human(s.margin()), Bytes.human(s.available())));
        }
        if (r.dryRun()) {
            b.append("Dry run: nothing was changed.\n");
        }
        return b.toString();
    }
}
