package org.hashify.kernel.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes a run's records about its guests (walk records, dedupe records) on a thread of its own.
 * Each write ends in an fsync, tens of milliseconds on a busy filesystem, which need not hold up
 * the next guest. {@link #finish} waits for all of them and says which failed.
 */
final class RecordWriter implements AutoCloseable {
    /** One write; throws what it could not do. */
    @FunctionalInterface
    interface Write {
        void run() throws IOException;
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hashify-records");
        t.setDaemon(true);
        return t;
    });
    private final List<Future<String>> pending = new ArrayList<>();

    /**
     * @param failure the line for the report when the write fails, given the failure's message
     */
    void submit(Write write, java.util.function.Function<String, String> failure) {
        pending.add(thread.submit(() -> {
            try {
                write.run();
                return null;
            } catch (IOException e) {
                return failure.apply(e.getMessage());
            }
        }));
    }

    /** Waits for every write submitted so far; returns the report's line for each that failed. */
    List<String> finish() {
        List<String> problems = new ArrayList<>();
        boolean interrupted = false;
        for (Future<String> f : pending) {
            while (true) {
                try {
                    String problem = f.get();
                    if (problem != null) {
                        problems.add(problem);
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the write is under way: it is waited for all the same
                } catch (ExecutionException e) {
                    problems.add("a record could not be written: " + e.getCause());
                    break;
                }
            }
        }
        pending.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return problems;
    }

    @Override
    public void close() {
        finish();
        thread.shutdown();
        try {
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
