package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the real package tools that the tests compare against. Shared with the package manager
 * plugins' tests through this module's test-jar.
 */
public final class RealTools {

    private RealTools() {}

    /** Skips the calling test unless {@code tool} is on the PATH, saying which package brings it. */
    public static void assumeInstalled(String tool, String debianPackage) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        assumeTrue(found, tool + " is not installed; apt-get install " + debianPackage);
    }

    /**
     * Runs a command in {@code dir} and returns its standard output as raw text (one char per byte, as
     * {@code ConfigFile.rawPath} holds paths), failing on a non-zero exit.
     */
    public static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tool", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(log.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit + ": "
                        + Files.readString(log) + out);
            }
            return out;
        } finally {
            Files.delete(log);
        }
    }

    /**
     * Writes {@code content} to a file under {@code dir} whose relative name is raw text, creating its
     * directories. The JVM encodes file names as UTF-8 and cannot make one that is not, so sh does,
     * from a printf format of octal escapes.
     */
    public static void writeRawNamed(Path dir, String rawRelative, String content)
            throws IOException, InterruptedException {
        StringBuilder octal = new StringBuilder();
        for (byte b : rawRelative.getBytes(StandardCharsets.ISO_8859_1)) {
            octal.append(String.format("\\%03o", b & 0xff));
        }
        run(dir, List.of("sh", "-c", "f=$(printf '" + octal + "') && mkdir -p \"$(dirname \"$f\")\""
                + " && printf '%s' \"$1\" > \"$f\"", "sh", content));
    }
}
