package org.hashify.kernel.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one host command line for a guest with a clean environment and standard input closed
 * (unless interactive), passing each line of its output, standard error included, to a sink.
 */
public final class CommandRunner {
    /** The environment commands get: nothing of hashify's own. */
    static final Map<String, String> CLEAN_ENV = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME", "/root",
            "LC_ALL", "C",
            "SHELL", "/bin/sh");

    /**
     * @param status the exit status; 128 + signal when killed, -1 when it could not be started
     * @param error why it could not be started or was stopped, else null
     */
    public record Outcome(int status, Duration time, String error) {
        public boolean succeeded() {
            return status == 0 && error == null;
        }
    }

    private CommandRunner() {
    }

    /**
     * @param timeout the longest the command may run; it is killed after, with its namespace
     * @param interactive inherit the terminal instead of capturing output (one guest at a time)
     */
    public static Outcome run(List<String> argv, Consumer<String> lines, Duration timeout, boolean interactive) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(CLEAN_ENV);
        if (interactive) {
            String term = System.getenv("TERM");
            if (term != null) {
                pb.environment().put("TERM", term);
            }
            pb.inheritIO();
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectErrorStream(true);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Outcome(-1, Duration.ofNanos(System.nanoTime() - start), "cannot start " + argv.get(0) + ": "
                    + e.getMessage());
        }
        Thread reader = null;
        if (!interactive) {
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.accept(line);
                    }
                } catch (IOException e) {
                    lines.accept("(output lost: " + e.getMessage() + ")");
                }
            }, "hashify-output");
            reader.start();
        }
        String error = null;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                error = "killed after " + timeout.toSeconds() + " s (--timeout)";
            }
            if (reader != null) {
                reader.join();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        return new Outcome(p.exitValue(), Duration.ofNanos(System.nanoTime() - start), error);
    }
}
