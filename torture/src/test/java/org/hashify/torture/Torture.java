package org.hashify.torture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The suite's settings: short (CI) or full ({@code -Dtorture.full=true}), the seeds, and the
 * figures each test adds to {@code target/torture-figures} for docs/reliability.md.
 */
final class Torture {
    private static final long SEED = Long.getLong("torture.seed", System.nanoTime() & 0xffff_ffffL);

    private Torture() {
    }

    static boolean full() {
        return Boolean.getBoolean("torture.full");
    }

    /** {@code ci} repetitions in the short version, {@code full} in the full suite. */
    static int count(int ci, int full) {
        return full() ? full : ci;
    }

    /** The first seed of this run; {@code -Dtorture.seed=N} replays one. */
    static long seed() {
        return SEED;
    }

    /** Adds {@code n} to a figure of the latest run (summed over the run by key). */
    static synchronized void figure(String key, long n) {
        String dir = System.getProperty("torture.figures");
        if (dir == null || dir.isEmpty()) {
            return;
        }
        try {
            Path d = Files.createDirectories(Path.of(dir));
            Files.writeString(d.resolve("figures-" + ProcessHandle.current().pid() + ".txt"), key + " " + n + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record figure " + key, e);
        }
    }

    static void log(String line) {
        System.out.println("[torture] " + line);
    }
}
