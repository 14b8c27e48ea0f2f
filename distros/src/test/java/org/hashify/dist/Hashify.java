package org.hashify.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the assembled {@code bin/hashify}, or any other command, as a child process. */
final class Hashify {
    record Result(int status, String out, String err) {
    }

    private Hashify() {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("hashify.launcher"));
        cmd.addAll(List.of(args));
        return exec(cmd, Map.of("HASHIFY_HOME", System.getProperty("hashify.home")));
    }

    static Result exec(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = java.nio.file.Files.createTempFile("hashify-out", ".txt");
        Path err = java.nio.file.Files.createTempFile("hashify-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd + " did not finish in 300 s");
        }
        Result r = new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.ISO_8859_1),
                java.nio.file.Files.readString(err, StandardCharsets.ISO_8859_1));
        java.nio.file.Files.delete(out);
        java.nio.file.Files.delete(err);
        return r;
    }

    static Result exec(String... cmd) throws IOException, InterruptedException {
        return exec(List.of(cmd), Map.of());
    }

    static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Path.of(dir, tool).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }
}
