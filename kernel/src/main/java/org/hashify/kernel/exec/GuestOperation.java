package org.hashify.kernel.exec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.hashify.kernel.guest.GuestRegistry;
import org.hashify.kernel.guest.KnownGuest;

/**
 * Runs one command in several guests, a few at a time, and collects every guest's outcome: the
 * successor of vapt-get, which returned only the last guest's status.
 */
public final class GuestOperation {
    /** One guest's command: the guest and the command line to run inside it. */
    public record Task(KnownGuest guest, List<String> command) {
        public Task {
            command = List.copyOf(command);
        }
    }

    /** @param how "inside the running guest (lxc)" or "in a chroot", for the report */
    public record Result(KnownGuest guest, CommandRunner.Outcome outcome, String how) {
    }

    private GuestOperation() {
    }

    /**
     * @param output receives every output line, prefixed with the guest's name
     */
    public static List<Result> run(List<Task> tasks, int parallel, boolean interactive, Duration timeout,
            Consumer<String> output) {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, not " + parallel);
        }
        ExecutorService pool = Executors.newFixedThreadPool(interactive ? 1 : parallel);
        List<Future<Result>> futures = new ArrayList<>();
        for (Task t : tasks) {
            futures.add(pool.submit(() -> runOne(t, interactive, timeout, output)));
        }
        List<Result> results = new ArrayList<>();
        try {
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    results.add(new Result(tasks.get(i).guest(), new CommandRunner.Outcome(-1, Duration.ZERO,
                            "failed: " + e.getCause()), "not run"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private static Result runOne(Task t, boolean interactive, Duration timeout, Consumer<String> output) {
        KnownGuest g = t.guest();
        boolean running;
        try {
            running = GuestRegistry.isRunning(g);
        } catch (IOException e) {
            return new Result(g, new CommandRunner.Outcome(-1, Duration.ZERO, "cannot tell whether it is running: "
                    + e.getMessage()), "not run");
        }
        List<String> argv;
        String how;
        if (running) {
            argv = g.runtime().enterCommand(g.info(), t.command());
            how = "inside the running guest (" + g.runtimeId() + ")";
        } else {
            argv = GuestCommand.chroot(g.root(), g.name(), t.command());
            how = "in a chroot";
        }
        String prefix = "[" + g.name() + "] ";
        return new Result(g, CommandRunner.run(argv, line -> output.accept(prefix + line), timeout, interactive), how);
    }
}
