package org.hashify.torture;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the assembled {@code bin/hashify} as a child process, to completion or to be killed. */
final class Hashify {
    record Result(int status, String out, String err) {
        /** Standard output and error, for assertion messages. */
        String both() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A hashify process still running, with its output going to files. */
    static final class Running {
        final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        long pid() {
            return process.pid();
        }

        void signal(String name) throws IOException, InterruptedException {
            Process k = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
            k.waitFor(10, TimeUnit.SECONDS);
        }

        /** Waits for the end; a process that does not end in {@code timeout} is killed and reported as status -1. */
        Result await(Duration timeout) throws IOException, InterruptedException {
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            Result r = new Result(ended ? process.exitValue() : -1, Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        }
    }

    private Hashify() {
    }

    static Path launcher() {
        return Path.of(System.getProperty("hashify.launcher", "../bin/hashify")).toAbsolutePath().normalize();
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Running start(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String home = System.getProperty("hashify.home");
        if (home != null) {
            pb.environment().put("HASHIFY_HOME", Path.of(home).toAbsolutePath().normalize().toString());
        }
        Path out = Files.createTempFile("hashify-out", ".txt");
        Path err = Files.createTempFile("hashify-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new Running(pb.start(), out, err);
    }

    static Running start(String... args) throws IOException {
        return start(command(args));
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return start(args).await(Duration.ofMinutes(5));
    }

    /** Runs with a shell prefix, e.g. {@code ulimit -n 64}, before exec'ing bin/hashify. */
    static Result runInShell(String prefix, String... args) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder(prefix).append("; exec");
        for (String a : command(args)) {
            line.append(" '").append(a.replace("'", "'\\''")).append("'");
        }
        return start(List.of("bash", "-c", line.toString())).await(Duration.ofMinutes(5));
    }

    /** Runs any other program. */
    static Result exec(String... cmd) throws IOException, InterruptedException {
        return start(List.of(cmd)).await(Duration.ofMinutes(5));
    }

    static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Path.of(dir, tool).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
