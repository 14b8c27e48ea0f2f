package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hashify.kernel.demo.DemoGuests;
import org.hashify.kernel.engine.Hashifier;
import org.hashify.kernel.guest.KnownGuest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hashify demo}: build sample guests and hashify them. */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Create three small sample guests (alpha, beta, gamma) with a realistic overlap, a configuration file, a "
                + "setuid binary, a binary with a file capability, a guest-local hard link and a symlink; hashify "
                + "them into a store beside them, and print the summary and the bytes saved.",
            "",
            "Example: hashify demo /tmp/hashify-demo"
        })
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..1",
            description = "Where to build the guests and the store (default: a new directory under the temp directory).")
    Path dir;

    @CommandLine.Option(names = "--json", description = "Print the run's report as JSON.")
    boolean json;

    @CommandLine.Mixin
    HostOptions hostOptions;

    @Override
    public Integer call() throws UserError {
        PrintWriter out = spec.commandLine().getOut();
        Path base;
        DemoGuests.Result guests;
        try {
            base = dir != null ? dir.toAbsolutePath() : Files.createTempDirectory("hashify-demo-");
            guests = DemoGuests.create(base);
        } catch (IOException e) {
            throw new UserError(ExitCode.BAD_INPUT, "Cannot build the demo guests: " + e.getMessage(), e);
        }
        if (!json) {
            out.println("Built guests alpha, beta and gamma in " + base + "; hashifying them into " + base.resolve("store")
                    + " ...");
            if (!guests.capabilitySet()) {
                out.println("(Note: " + guests.capabilityNote() + ".)");
            }
            out.println();
        }
        CommonOptions common = new CommonOptions();
        common.store = base.resolve("store");
        common.json = json;
        int status;
        try (Host host = Host.open(hostOptions, null, spec.commandLine().getErr())) {
            List<KnownGuest> selected = new java.util.ArrayList<>();
            for (Path g : guests.guests()) {
                selected.add(KnownGuest.plain(g.getFileName().toString(), g, java.util.Optional.empty()));
            }
            status = RunCommand.runSelected(host, selected, null, null, common,
                    new Hashifier.Options(16, false, false, Runtime.getRuntime().availableProcessors()),
                    out, spec.commandLine().getErr(), "hashify demo");
        }
        if (!json) {
            out.println();
            out.println("Try: hashify status --store " + common.store + "   (and run the demo's 'run' again: "
                    + "hashify run --store " + common.store + " " + base + "/alpha " + base + "/beta " + base + "/gamma)");
        }
        return status;
    }
}
