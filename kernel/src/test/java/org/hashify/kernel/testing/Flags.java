package org.hashify.kernel.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.hashify.kernel.os.LinuxFs;

/** The immutable flag in tests: read it, and clear it everywhere so a {@code @TempDir} can be deleted. */
public final class Flags {
    private Flags() {
    }

    /** Whether a regular file carries FS_IMMUTABLE_FL. */
    public static boolean frozen(Path file) throws IOException {
        LinuxFs fs = LinuxFs.get();
        int dir = fs.openDirectoryPath(file.getParent(), file.getParent().toString());
        try {
            byte[] name = file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int fd = fs.openForReading(dir, name, file.toString());
            try {
                return (fs.flags(fd, file.toString()) & LinuxFs.FS_IMMUTABLE_FL) != 0;
            } finally {
                fs.close(fd);
            }
        } finally {
            fs.close(dir);
        }
    }

    /** {@code chattr -R -i}: JUnit cannot delete a frozen file, so every test that freezes calls this at the end. */
    public static void clearAll(Path dir) throws IOException, InterruptedException {
        chattr("-R", "-i", dir.toString());
    }

    /** Runs chattr as an administrator would; its complaints about symbolic links do not matter. */
    public static void chattr(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "chattr";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.waitFor();
    }
}
