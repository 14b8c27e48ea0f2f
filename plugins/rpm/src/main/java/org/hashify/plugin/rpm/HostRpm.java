package org.hashify.plugin.rpm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The host's own {@code rpmdb} program, used only to export the headers of a database copy in a
 * format hashify cannot read itself (Berkeley DB, NDB). It runs on the host against a private copy,
 * never inside a guest and never with a guest's root.
 */
final class HostRpm {
    /** Where distributions install rpmdb; the plugin reads no PATH, as the kernel owns the environment. */
    static final List<Path> LOCATIONS =
            List.of(Path.of("/usr/bin/rpmdb"), Path.of("/bin/rpmdb"), Path.of("/usr/local/bin/rpmdb"));

    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_ERROR_BYTES = 8192;

    private final Path rpmdb;

    HostRpm(Path rpmdb) {
        this.rpmdb = rpmdb;
    }

    /** The first executable rpmdb of {@link #LOCATIONS}, if any. */
    static Optional<HostRpm> find() {
        return LOCATIONS.stream().filter(Files::isExecutable).findFirst().map(HostRpm::new);
    }

    /**
     * Writes the headers of the database in {@code dbDirectory} to {@code output}, each preceded by
     * the header magic.
     *
     * @throws HostRpmException when rpm fails, reports an error, lacks the backend or takes too long
     */
    void exportHeaders(Path dbDirectory, RpmdbFormat format, Path output) throws IOException, HostRpmException {
        Path errors = Files.createTempFile(dbDirectory.getParent(), "rpmdb-stderr-", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(rpmdb.toString(), "--dbpath", dbDirectory.toString(),
                    "--define", "_db_backend " + format.backend(), "--exportdb")
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile());
            builder.environment().put("LC_ALL", "C"); // messages we recognise, in English
            Process process = builder.start();
            awaitExit(process);
            String failure = failure(process.exitValue(), readBounded(errors), format);
            if (!failure.isEmpty()) {
                throw new HostRpmException(failure);
            }
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private void awaitExit(Process process) throws HostRpmException {
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new HostRpmException(rpmdb + " did not finish within " + TIMEOUT.toMinutes() + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostRpmException("interrupted while waiting for " + rpmdb);
        }
    }

    /**
     * What went wrong, or empty. rpm exits 0 after some read errors and falls back to an empty
     * "dummy" database for a backend it was built without, so its messages count as much as its
     * exit status: an empty list would share every configuration file.
     */
    private String failure(int exitStatus, String stderr, RpmdbFormat format) {
        List<String> lines = stderr.lines().collect(Collectors.toList());
        if (lines.stream().anyMatch(line -> line.contains("dummy database") || line.contains("invalid %_db_backend"))) {
            return rpmdb + " was built without the " + format.backend() + " backend";
        }
        List<String> errors = lines.stream().filter(line -> line.startsWith("error:")).collect(Collectors.toList());
        if (exitStatus == 0 && errors.isEmpty()) {
            return "";
        }
        return rpmdb + " exited with status " + exitStatus
                + (errors.isEmpty() ? "" : " and reported: " + String.join(" ", errors));
    }

    private static String readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
        }
    }

    /** The host's rpm could not export a database; the message says why. */
    static final class HostRpmException extends Exception {
        private static final long serialVersionUID = 1L;

        HostRpmException(String message) {
            super(message);
        }
    }
}
