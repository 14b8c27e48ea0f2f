package org.hashify.plugin.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host's management tools ({@code vserver}, {@code lxc-info}, {@code machinectl}): found by
 * absolute path in fixed system directories, never through {@code PATH}, and run briefly with a clean
 * environment, no input and a time limit, so that neither the caller's environment nor a hung tool
 * can change or stall what hashify sees.
 */
public final class HostTools {

    /** Where distributions install system tools, searched in this order. */
    public static final List<Path> SYSTEM_DIRECTORIES =
            List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"), Path.of("/bin"));

    /** How long a probe such as "is this guest running?" may take. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /** The most output kept from a probe; an answer is a line or two. */
    static final int MAX_OUTPUT_BYTES = 64 * 1024;

    private final List<Path> directories;
    private final Duration timeout;

    /**
     * @param directories where to look for tools, in order; absolute
     * @param timeout how long one probe may run before it is killed
     */
    public HostTools(List<Path> directories, Duration timeout) {
        this.directories = List.copyOf(directories);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (this.directories.isEmpty() || !this.directories.stream().allMatch(Path::isAbsolute)) {
            throw new IllegalArgumentException("tool directories must be absolute and at least one: " + directories);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a probe timeout must be positive: " + timeout);
        }
    }

    /** The system directories and the standard probe timeout. */
    public static HostTools system() {
        return new HostTools(SYSTEM_DIRECTORIES, PROBE_TIMEOUT);
    }

    /** The first executable regular file named {@code tool} in the directories, if any. */
    public Optional<Path> find(String tool) {
        return directories.stream().map(d -> d.resolve(tool))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /**
     * The tool's path for a command line: where it was found, else where the first directory would
     * hold it, so that a missing tool fails to start under a name that says so instead of being
     * looked up in {@code PATH}.
     */
    public Path pathOf(String tool) {
        return find(tool).orElse(directories.get(0).resolve(tool));
    }

    /**
     * Runs {@code program} with {@code arguments} in {@code /}, with only {@code PATH} (the system
     * directories) and {@code LC_ALL=C} set, standard input from {@code /dev/null}, and kills it with
     * its children when it outlives the timeout.
     *
     * @throws IOException when it cannot be started, does not finish in time, or the wait is interrupted
     */
    public ToolResult probe(Path program, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File("/"));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", String.join(":", SYSTEM_DIRECTORIES.stream().map(Path::toString).toList()));
        // Untranslated messages and states, which is what the callers parse.
        environment.put("LC_ALL", "C");
        // Files rather than pipes: a grandchild that keeps a pipe open cannot block the read after a kill.
        Path out = Files.createTempFile("hashify-probe", ".out");
        try {
            Path err = Files.createTempFile("hashify-probe", ".err");
            try {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                int status = await(builder.start(), command);
                return new ToolResult(command, status, head(out), head(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private int await(Process process, List<String> command) throws IOException {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            kill(process);
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toMillis()
                    + " ms and was killed");
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(
                    "interrupted while waiting for " + String.join(" ", command));
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        }
    }
}
