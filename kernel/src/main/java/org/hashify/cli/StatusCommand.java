package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hashify.kernel.engine.StoreStatus;
import org.hashify.kernel.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hashify status}: what the store holds and saves, per guest. */
@Command(name = "status", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Show the store's objects, the bytes they hold and the bytes sharing saves, and for every guest the store "
                + "has served how many bytes it shares and how many are its own. Changes nothing.",
            "",
            "Example: hashify status --store /vservers/.hash --json"
        })
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws UserError {
        common.store = common.storeOrConfigured();
        Store store = StoreAccess.readOnly(common.store, false);
        try {
            if (!store.exists()) {
                throw new UserError(ExitCode.BAD_INPUT, "There is no store at " + common.store
                        + "; 'hashify run' creates it, or name another with --store.");
            }
            StoreStatus status = StoreStatus.of(store);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                out.println(Json.write(status));
            } else {
                out.print(text(status));
            }
            PrintWriter err = spec.commandLine().getErr();
            status.problems().forEach(p -> err.println("hashify: " + p));
            boolean failed = status.guests().stream().anyMatch(g -> g.error() != null) || !status.problems().isEmpty();
            status.guests().stream().filter(g -> g.error() != null).forEach(g -> err.println("hashify: " + g.error()));
            return failed ? ExitCode.SOME_FAILED : ExitCode.OK;
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Cannot read store " + common.store + ": " + e.getMessage(), e);
        } finally {
            StoreAccess.close(store);
        }
    }

    static String text(StoreStatus s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Store %s: %d objects, %s; sharing saves %s.%n", s.store(), s.objects(),
                Bytes.human(s.storeBytes()), Bytes.human(s.savedBytes())));
        if (s.immutable() || s.frozenObjects() > 0) {
            b.append(String.format(Locale.ROOT, "%d of %d objects are frozen (immutable)%s.%n", s.frozenObjects(),
                    s.objects(), !s.immutable() ? "; the store is not in immutable use"
                            : s.frozenObjects() < s.objects() ? "; the next run or 'hashify restore-flags' freezes the rest"
                            : ""));
        }
        if (s.garbageObjects() > 0) {
            b.append(String.format(Locale.ROOT, "%d objects (%s) are used by no guest any more; 'hashify gc' removes them.%n",
                    s.garbageObjects(), Bytes.human(s.garbageBytes())));
        }
        if (!s.leftovers().isEmpty()) {
            b.append(s.leftovers().size()).append(" temporary names left by an interrupted run; 'hashify gc' removes them.\n");
        }
        if (!s.guests().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%n%-40s %12s %12s %12s %12s%n", "guest", "shared files", "shared",
                    "own files", "own"));
            for (StoreStatus.GuestUsage g : s.guests()) {
                if (g.error() != null) {
                    b.append(String.format(Locale.ROOT, "%-40s unreadable%n", g.root()));
                } else {
                    b.append(String.format(Locale.ROOT, "%-40s %12d %12s %12d %12s%n", g.root(), g.sharedFiles(),
                            Bytes.human(g.sharedBytes()), g.ownFiles(), Bytes.human(g.ownBytes())));
                }
            }
        }
        return b.toString();
    }
}
