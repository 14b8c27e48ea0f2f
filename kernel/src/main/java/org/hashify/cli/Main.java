package org.hashify.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.hashify.kernel.os.LinuxFs;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hashify} command. */
@Command(name = "hashify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Shares identical files between Linux guest root filesystems (Linux-VServer, LXC, nspawn, chroots) "
                + "through a content-addressed store of hard links, keeping each guest's configuration files private.",
            "",
            "Start with 'hashify demo', which builds three small guests and hashifies them."
        },
        footer = {
            "",
            "Exit status: 0 all done; 1 some files or guests failed; 2 bad usage or input; "
                + "3 store locked or in an unexpected state; 4 internal error."
        })
public final class Main implements Runnable {
    /**
     * The subcommands. Not in the annotation: building picocli's model of all of them by reflection
     * takes about a third of a second, so a command line that names one gets only that one.
     */
    private static final List<Class<?>> COMMANDS = List.of(
            RunCommand.class,
            StatusCommand.class,
            VerifyCommand.class,
            GcCommand.class,
            FreezeCommand.class,
            ThawCommand.class,
            RestoreFlagsCommand.class,
            CloneCommand.class,
            SplitCommand.class,
            DemoCommand.class,
            PluginsCommand.class,
            DetectCommand.class,
            GuestsCommand.class,
            PkgCommand.class,
            UpgradeCommand.class,
            PackageAliases.AptGet.class,
            PackageAliases.Yum.class,
            PackageAliases.Dnf.class,
            PackageAliases.Rpm.class,
            PackageAliases.Apk.class,
            PackageAliases.Pacman.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command, e.g. 'hashify run GUEST_DIR...'.");
    }

    /**
     * The JDK's jar reader logs a repeated manifest attribute of a plugin jar as a multi-line warning
     * on standard error; hashify's standard error holds one-line "hashify:" messages only. Kept in a
     * field: java.util.logging holds loggers weakly.
     */
    private static final java.util.logging.Logger JAR_LOGGER = java.util.logging.Logger.getLogger("java.util.jar");

    public static void main(String[] args) {
        if (args.length > 0 && WARM_UP.contains(args[0])) {
            // Binding the C library (jnr-ffi generates its stubs) takes a tenth of a second; it
            // runs on the second core meanwhile picocli reads the command line on this one.
            Thread warmUp = new Thread(() -> {
                try {
                    LinuxFs.get();
                } catch (Throwable e) {
                    // the command meets the same failure and reports it
                }
            }, "hashify-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        JAR_LOGGER.setLevel(java.util.logging.Level.OFF);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Commands that reach the filesystem through LinuxFs soon after start-up. */
    private static final java.util.Set<String> WARM_UP = java.util.Set.of("run", "pkg", "upgrade", "verify", "gc",
            "status", "clone", "split", "freeze", "thaw", "restore-flags", "demo");

    /** Runs a command line with the given output streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Class<?> named = namedCommand(args);
        CommandLine cl = named == null || named == CommandLine.HelpCommand.class ? commandLine() : handlers(root(named));
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The whole command tree (help, man pages, completion). */
    public static CommandLine commandLine() {
        return handlers(root(COMMANDS.toArray(Class<?>[]::new)));
    }

    private static CommandLine root(Class<?>... commands) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : commands) {
            cl.addSubcommand(c);
        }
        return cl;
    }

    private static CommandLine handlers(CommandLine cl) {
        cl.setExecutionExceptionHandler(Main::handleException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        return cl;
    }

    /** The subcommand the first word of {@code args} names, by name or alias; null when none does. */
    static Class<?> namedCommand(String[] args) {
        if (args.length == 0) {
            return null;
        }
        for (Class<?> c : COMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(args[0]) || Arrays.asList(command.aliases()).contains(args[0])) {
                return c;
            }
        }
        return null;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("hashify: " + ex.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more.");
        return ExitCode.BAD_INPUT;
    }

    private static int handleException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof UserError u) {
            err.println("hashify: " + u.getMessage());
            return u.exitCode();
        }
        err.println("hashify: internal error: " + ex + ". Please report it with the output of --verbose.");
        if (parsed.originalArgs().contains("-v") || parsed.originalArgs().contains("--verbose")) {
            ex.printStackTrace(err);
        }
        return ExitCode.INTERNAL;
    }
}
