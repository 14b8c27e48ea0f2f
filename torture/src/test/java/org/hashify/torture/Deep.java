package org.hashify.torture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.hashify.kernel.os.LinuxFs;

/** Trees deeper than PATH_MAX allows to name, built one directory descriptor at a time. */
final class Deep {
    private Deep() {
    }

    /** {@code depth} nested directories named {@code component} under {@code dir}, a file at the bottom. */
    static void build(Path dir, String component, int depth, byte[] content) throws IOException {
        LinuxFs fs = LinuxFs.get();
        byte[] name = component.getBytes(StandardCharsets.UTF_8);
        int fd = fs.openDirectoryPath(dir, dir.toString());
        try {
            for (int i = 0; i < depth; i++) {
                fs.mkdir(fd, name, 0755, "deep");
                int child = fs.openDirectory(fd, name, "deep");
                fs.close(fd);
                fd = child;
            }
            int f = fs.createExclusive(fd, "bottom.bin".getBytes(StandardCharsets.US_ASCII), 0644, "deep");
            try {
                fs.writeFully(f, content, content.length, "deep");
                fs.setModificationTime(f, GuestFarm.MTIME.toInstant().getEpochSecond(), GuestFarm.MTIME.toInstant().getNano(),
                        "deep");
            } finally {
                fs.close(f);
            }
        } finally {
            fs.close(fd);
        }
    }

    /** The manifest key of the file at the bottom. */
    static String bottom(String under, String component, int depth) {
        StringBuilder b = new StringBuilder(under);
        for (int i = 0; i < depth; i++) {
            b.append('/').append(component);
        }
        return b.append("/bottom.bin").toString();
    }
}
