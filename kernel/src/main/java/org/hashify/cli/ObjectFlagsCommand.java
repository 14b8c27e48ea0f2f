package org.hashify.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hashify.kernel.guest.KnownGuest;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** What thaw and freeze share: the guest selection, the store of each guest, the report. */
abstract class ObjectFlagsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    Selection selection;

    /** True for freeze, false for thaw. */
    abstract boolean freezes();

    /** After the flags changed in one store; thaw may take the store out of immutable use. */
    void afterStore(Path store) throws UserError {
    }

    @Override
    public Integer call() throws UserError {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String verb = freezes() ? "froze" : "thawed";
        try (Host host = Host.open(hostOptions, common.config.file, err)) {
            List<KnownGuest> guests = selection.resolve(host.registry);
            List<GuestObjects.Outcome> outcomes = new ArrayList<>();
            for (Map.Entry<Path, List<KnownGuest>> group : GuestObjects.byStore(host, guests, common.store).entrySet()) {
                if (!GuestObjects.exists(group.getKey())) {
                    throw new UserError(ExitCode.BAD_INPUT, "There is no store at " + group.getKey() + " for guest "
                            + group.getValue().get(0).name() + "; 'hashify run' creates it, or name another with --store.");
                }
                outcomes.addAll(GuestObjects.apply(group.getKey(), group.getValue(), freezes(), "hashify " + spec.name()));
                afterStore(group.getKey());
            }
            if (common.json) {
                out.println(Json.write(outcomes));
            } else if (outcomes.isEmpty()) {
                out.println("No guest is selected; nothing to do.");
            }
            boolean failed = false;
            for (GuestObjects.Outcome o : outcomes) {
                if (!common.json) {
                    out.printf(Locale.ROOT, "%s: %s %d of the %d store objects it uses (%d already were).%n", o.guest(),
                            verb, o.changed(), o.objects(), o.unchanged());
                }
                for (String p : o.problems()) {
                    err.println("hashify: " + p);
                    failed = true;
                }
            }
            return failed ? ExitCode.SOME_FAILED : ExitCode.OK;
        }
    }
}
