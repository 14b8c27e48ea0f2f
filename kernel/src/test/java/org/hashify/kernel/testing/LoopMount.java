package org.hashify.kernel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real filesystem in an image file, loop-mounted for one test and removed after. Skips the test,
 * saying why, where root or loop devices are missing.
 */
public final class LoopMount implements AutoCloseable {
    private final Path image;
    private final Path mountPoint;

    private LoopMount(Path image, Path mountPoint) {
        this.image = image;
        this.mountPoint = mountPoint;
    }

    /** Makes a filesystem of {@code type} ({@code ext2}, {@code xfs}, {@code btrfs}...) of {@code megabytes}. */
    public static LoopMount create(Path dir, String type, int megabytes, String... mkfsOptions) throws Exception {
        Assumptions.assumeTrue(GuestTree.isRoot(), "loop-mounting a " + type + " image needs root");
        Path image = dir.resolve(type + ".img");
        Path mountPoint = Files.createDirectories(dir.resolve(type + "-mnt"));
        try (var f = java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            f.truncate(0);
            f.write(java.nio.ByteBuffer.wrap(new byte[1]), (long) megabytes * 1024 * 1024 - 1);
        }
        List<String> mkfs = new ArrayList<>(List.of("mkfs." + type));
        mkfs.addAll(List.of(mkfsOptions));
        mkfs.add(image.toString());
        Assumptions.assumeTrue(run(mkfs) == 0, "mkfs." + type + " is not available or failed");
        Assumptions.assumeTrue(run(List.of("mount", "-o", "loop", image.toString(), mountPoint.toString())) == 0,
                "no loop device could mount the " + type + " image");
        return new LoopMount(image, mountPoint);
    }

    public Path root() {
        return mountPoint;
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of("umount", mountPoint.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + mountPoint, e);
        }
        Files.deleteIfExists(image);
    }
}
