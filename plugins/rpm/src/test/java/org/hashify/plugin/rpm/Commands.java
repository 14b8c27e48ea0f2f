package org.hashify.plugin.rpm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the real tools the tests compare against (rpmbuild, rpm, db_load). */
final class Commands {
    private Commands() {}

    /**
     * The output of a finished command.
     *
     * @param out standard output as raw text, one char per byte (as {@code ConfigFile.rawPath} holds
     *     paths), so that comparisons compare bytes
     */
    record Result(int exitStatus, String out, String err) {}

    /** The first of {@code names} found on the PATH. */
    static Optional<Path> find(String... names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command to completion and fails the test unless it exits 0. */
    static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        Result result = runAllowingFailure(workDir, command);
        if (result.exitStatus() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitStatus() + ": " + result.err());
        }
        return result;
    }

    static Result runAllowingFailure(Path workDir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(Arrays.toString(command) + " took more than 2 minutes");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
