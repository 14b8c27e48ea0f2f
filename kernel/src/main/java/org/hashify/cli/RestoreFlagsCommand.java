package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hashify.kernel.engine.Freezer;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hashify restore-flags}: freeze every object of a store again, after a restore from a backup. */
@Command(name = "restore-flags", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Set the immutable flag (FS_IMMUTABLE_FL) on every object of the store again and keep the store in immutable "
                + "use. tar and rsync do not save inode flags, so a store restored from a backup has lost them; see "
                + "docs/backup.md. Needs root. Takes the store's lock.",
            "",
            "Example: hashify restore-flags --store /vservers/.hash"
        })
final class RestoreFlagsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    /** The summary, also as JSON. */
    record Summary(String store, long objects, long frozen, long alreadyFrozen, java.util.List<String> problems) {
    }

    @Override
    public Integer call() throws UserError {
        common.store = common.storeOrConfigured();
        if (!GuestObjects.exists(common.store)) {
            throw new UserError(ExitCode.BAD_INPUT, "There is no store at " + common.store + "; name it with --store.");
        }
        Store store = StoreAccess.forWriting(common.store, "hashify restore-flags");
        Freezer.Result r;
        try {
            Freezer.checkSupported(store);
            r = Freezer.freezeAll(store);
            store.immutable(true);
        } catch (StoreException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Store " + common.store + ": " + e.getMessage(), e);
        } finally {
            StoreAccess.close(store);
        }
        Summary s = new Summary(common.store.toString(), r.changed() + r.unchanged() + r.problems().size(), r.changed(),
                r.unchanged(), r.problems());
        r.problems().forEach(p -> spec.commandLine().getErr().println("hashify: " + p));
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            out.println(Json.write(s));
        } else {
            out.printf(Locale.ROOT, "Store %s: froze %d objects; %d already were frozen%s.%n", s.store(), s.frozen(),
                    s.alreadyFrozen(), s.problems().isEmpty() ? ""
                    : "; " + s.problems().size() + " could not be frozen (see the lines above)");
        }
        return r.problems().isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
    }
}
