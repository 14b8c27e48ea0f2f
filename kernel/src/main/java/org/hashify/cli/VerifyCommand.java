package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hashify.kernel.engine.Verifier;
import org.hashify.kernel.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hashify verify}: re-hash every object. */
@Command(name = "verify", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Re-hash every store object and check its metadata. An object that no longer matches its name (someone "
                + "wrote into a shared file) is listed with the guest paths that hold it, and the exit status is 1. "
                + "Changes nothing.",
            "",
            "Example: hashify verify --store /vservers/.hash"
        })
final class VerifyCommand implements Callable<Integer> {
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
                throw new UserError(ExitCode.BAD_INPUT, "There is no store at " + common.store + ".");
            }
            Verifier.Result r = Verifier.verify(store, Runtime.getRuntime().availableProcessors());
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                out.println(Json.write(r));
            } else {
                for (Verifier.BadObject bad : r.bad()) {
                    out.printf(Locale.ROOT, "BAD %s: %s%n", bad.object(), bad.problem());
                    bad.guestPaths().forEach(p -> out.println("    held by " + p));
                }
                out.printf(Locale.ROOT, "Checked %d objects (%s): %s.%n", r.objectsChecked(),
                        Bytes.human(r.bytesChecked()), r.bad().isEmpty() ? "all match their names"
                                : r.bad().size() + " do not match");
            }
            r.problems().forEach(p -> spec.commandLine().getErr().println("hashify: " + p));
            return r.clean() ? ExitCode.OK : ExitCode.SOME_FAILED;
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Store " + common.store + ": " + e.getMessage(), e);
        } finally {
            StoreAccess.close(store);
        }
    }
}
