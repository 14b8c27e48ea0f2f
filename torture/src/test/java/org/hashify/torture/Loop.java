package org.hashify.torture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small filesystem in an image file, loop-mounted for one test; skips the test where that is impossible. */
final class Loop implements AutoCloseable {
    private final Path image;
    private final Path mountPoint;

    private Loop(Path image, Path mountPoint) {
        this.image = image;
        this.mountPoint = mountPoint;
    }

    static Loop ext4(Path dir, String name, int megabytes, String... mkfsOptions) throws Exception {
        List<String> mkfs = new ArrayList<>(List.of("mkfs.ext4", "-q", "-F"));
        mkfs.addAll(List.of(mkfsOptions));
        return make(dir, name, megabytes, mkfs);
    }

    /** XFS with reflink, where dedupe mode works. */
    static Loop xfsReflink(Path dir, String name, int megabytes) throws Exception {
        return make(dir, name, megabytes, new ArrayList<>(List.of("mkfs.xfs", "-q", "-f", "-m", "reflink=1")));
    }

    private static Loop make(Path dir, String name, int megabytes, List<String> mkfs) throws Exception {
        assumeTrue(Hashify.isRoot(), "loop-mounting a filesystem needs root");
        Path image = dir.resolve(name + ".img");
        Path mountPoint = Files.createDirectories(dir.resolve(name));
        try (var f = java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            f.write(java.nio.ByteBuffer.wrap(new byte[1]), (long) megabytes * 1024 * 1024 - 1);
        }
        mkfs.add(image.toString());
        Hashify.Result made = Hashify.exec(mkfs.toArray(String[]::new));
        assumeTrue(made.status() == 0, mkfs.get(0) + " is not available or failed: " + made.err());
        Hashify.Result mounted = Hashify.exec("mount", "-o", "loop", image.toString(), mountPoint.toString());
        assumeTrue(mounted.status() == 0, "no loop device could mount the image: " + mounted.err());
        return new Loop(image, mountPoint);
    }

    Path root() {
        return mountPoint;
    }

    void remount(String options) throws Exception {
        Hashify.Result r = Hashify.exec("mount", "-o", "remount," + options, mountPoint.toString());
        if (r.status() != 0) {
            throw new IllegalStateException("remount " + options + " failed: " + r.both());
        }
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            Hashify.exec("umount", mountPoint.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException("interrupted while unmounting " + mountPoint, e);
        }
        Files.deleteIfExists(image);
    }
}
