package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hashify.kernel.engine.GarbageCollector;
import org.hashify.kernel.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hashify gc}: remove objects no guest uses and leftovers of interrupted runs. */
@Command(name = "gc", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Remove store objects that no guest links any more (link count 1) and temporary names an interrupted run "
                + "left in the store, and the hidden half-built tree of a clone that was killed (the store records it "
                + "before the clone makes it). Never changes a guest. Frozen objects (--immutable) are thawed to be removed. "
                + "Takes the store's lock.",
            "",
            "Example: hashify gc --dry-run"
        })
final class GcCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-n", "--dry-run"}, description = "Remove nothing; report what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() throws UserError {
        common.store = common.storeOrConfigured();
        Store store = dryRun ? StoreAccess.readOnly(common.store, true) : StoreAccess.forWriting(common.store, "hashify gc");
        try {
            if (!store.exists()) {
                throw new UserError(ExitCode.BAD_INPUT, "There is no store at " + common.store + ".");
            }
            GarbageCollector.Result r = GarbageCollector.collect(store, dryRun);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                out.println(Json.write(r));
            } else {
                out.printf(Locale.ROOT, "%s %d unused objects (%s) and %d leftover temporary names%s.%n",
                        dryRun ? "Would remove" : "Removed", r.objectsRemoved(), Bytes.human(r.bytesFreed()),
                        r.leftoversRemoved(), r.partialTreesRemoved() == 0 ? ""
                                : ", and " + r.partialTreesRemoved() + " half-built tree(s) of killed clones");
            }
            r.problems().forEach(p -> spec.commandLine().getErr().println("hashify: " + p));
            return r.problems().isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Store " + common.store + ": " + e.getMessage(), e);
        } finally {
            StoreAccess.close(store);
        }
    }
}
