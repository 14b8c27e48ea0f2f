package org.hashify.kernel.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.os.TreeRemover;

/** Times {@code cp -a} of a guest, the yardstick a clone is measured against, and removes the copy. */
public final class CpComparison {
    private CpComparison() {
    }

    /**
     * Runs {@code cp -a SOURCE DIR} with {@code DIR} a new hidden directory in {@code scratchParent}
     * (the new guest's parent, so both copies land on the same filesystem), then removes {@code DIR}.
     *
     * @return the milliseconds {@code cp -a} took
     */
    public static long timeCpArchive(Path source, Path scratchParent) throws IOException {
        byte[] r = new byte[6];
        new SecureRandom().nextBytes(r);
        String name = ".hashify-cp-compare-" + HexFormat.of().formatHex(r);
        Path scratch = scratchParent.resolve(name);
        ProcessBuilder pb = new ProcessBuilder(List.of("cp", "-a", "--", source.toString(), scratch.toString()))
                .redirectErrorStream(true);
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(1, TimeUnit.DAYS) || p.exitValue() != 0) {
                String last = output.isEmpty() ? "" : ": " + output.lines().reduce((a, b) -> b).orElse("");
                throw new IOException("cp -a " + source + " " + scratch + " failed" + last);
            }
            return (System.nanoTime() - start) / 1_000_000;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while timing cp -a", e);
        } finally {
            remove(scratchParent, name);
        }
    }

    private static void remove(Path parent, String name) throws OsException {
        LinuxFs fs = LinuxFs.get();
        int fd = fs.openDirectoryPath(parent, parent.toString());
        try {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            try {
                fs.stat(fd, n, parent + "/" + name);
            } catch (OsException e) {
                if (e.isVanished()) {
                    return; // cp made nothing
                }
                throw e;
            }
            new TreeRemover().remove(fd, n, parent + "/" + name);
        } finally {
            fs.close(fd);
        }
    }
}
