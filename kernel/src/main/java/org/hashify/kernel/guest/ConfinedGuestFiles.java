package org.hashify.kernel.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hashify.api.GuestFiles;
import org.hashify.api.PinnedFile;
import org.hashify.kernel.os.DirEntry;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;

/**
 * {@link GuestFiles} over a guest root opened once: every path is walked from that descriptor one
 * component at a time with {@code O_NOFOLLOW}, so no symlink, however placed or swapped in, leads
 * out of the guest.
 */
public final class ConfinedGuestFiles implements GuestFiles, AutoCloseable {
    private final LinuxFs fs = LinuxFs.get();
    private final String name;
    private final Path root;
    private final int rootFd;

    private ConfinedGuestFiles(String name, Path root, int rootFd) {
        this.name = name;
        this.root = root;
        this.rootFd = rootFd;
    }

    /** Opens the guest root; it must be a directory, not a symbolic link. */
    public static ConfinedGuestFiles open(String guestName, Path root) throws IOException {
        Path abs = root.toAbsolutePath().normalize();
        int fd = LinuxFs.get().openDirectoryPath(abs, "guest " + guestName + ": root " + abs);
        return new ConfinedGuestFiles(guestName, abs, fd);
    }

    @Override
    public String guestName() {
        return name;
    }

    /** The host path of the guest root, for messages and for tools that take a root directory. */
    public Path root() {
        return root;
    }

    @Override
    public EntryKind kind(String guestPath) throws IOException {
        List<byte[]> parts = components(guestPath);
        if (parts.isEmpty()) {
            return EntryKind.DIRECTORY;
        }
        int dir = -1;
        try {
            dir = openParent(parts, guestPath);
            FileStat st = fs.stat(dir, parts.get(parts.size() - 1), describe(guestPath));
            if (st.isRegular()) {
                return EntryKind.REGULAR;
            }
            if (st.isDirectory()) {
                return EntryKind.DIRECTORY;
            }
            return st.isSymlink() ? EntryKind.SYMLINK : EntryKind.OTHER;
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT) {
                return EntryKind.MISSING;
            }
            if (e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) {
                return EntryKind.MISSING; // a parent is not a directory we may enter
            }
            throw e;
        } finally {
            closeUnlessRoot(dir);
        }
    }

    @Override
    public Optional<byte[]> read(String guestPath, long maxBytes) throws IOException {
        int fd;
        try {
            fd = openFile(guestPath);
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            FileStat st = fs.fstat(fd, describe(guestPath));
            if (!st.isRegular()) {
                throw new IOException(describe(guestPath) + " is not a regular file");
            }
            if (st.size() > maxBytes) {
                throw new IOException(describe(guestPath) + " is " + st.size() + " bytes, more than the " + maxBytes
                        + " hashify reads from such a file");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(st.size(), Integer.MAX_VALUE - 8));
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = fs.read(fd, buf, buf.length, describe(guestPath))) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException(describe(guestPath) + " grew beyond " + maxBytes + " bytes while being read");
                }
                out.write(buf, 0, n);
            }
            return Optional.of(out.toByteArray());
        } finally {
            fs.close(fd);
        }
    }

    @Override
    public List<String> list(String guestDir) throws IOException {
        List<byte[]> parts = components(guestDir);
        int dir = rootFd;
        try {
            for (byte[] part : parts) {
                int next = fs.openDirectory(dir, part, describe(guestDir));
                closeUnlessRoot(dir);
                dir = next;
            }
            List<String> names = new ArrayList<>();
            for (DirEntry e : fs.list(dir, describe(guestDir))) {
                names.add(new String(e.name(), StandardCharsets.UTF_8));
            }
            names.sort(null);
            return names;
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) {
                return List.of();
            }
            throw e;
        } finally {
            closeUnlessRoot(dir);
        }
    }

    @Override
    public PinnedFile pin(String guestPath) throws IOException {
        int fd = openFile(guestPath);
        try {
            FileStat st = fs.fstat(fd, describe(guestPath));
            if (!st.isRegular()) {
                throw new IOException(describe(guestPath) + " is not a regular file");
            }
        } catch (IOException e) {
            fs.close(fd);
            throw e;
        }
        Path path = Path.of("/proc/self/fd/" + fd);
        return new PinnedFile() {
            private boolean closed;

            @Override
            public Path path() {
                return path;
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    fs.close(fd);
                }
            }
        };
    }

    private int openFile(String guestPath) throws IOException {
        List<byte[]> parts = components(guestPath);
        if (parts.isEmpty()) {
            throw new IOException(describe(guestPath) + " is the guest's root directory, not a file");
        }
        int dir = openParent(parts, guestPath);
        try {
            return fs.openForReading(dir, parts.get(parts.size() - 1), describe(guestPath));
        } catch (OsException e) {
            if (e.errno() == Errno.ELOOP) {
                throw new IOException(describe(guestPath) + " is a symbolic link; hashify does not follow links inside "
                        + "guests", e);
            }
            if (e.errno() == Errno.ENOTDIR) {
                throw new OsException("openat", Errno.ENOENT, describe(guestPath));
            }
            throw e;
        } finally {
            closeUnlessRoot(dir);
        }
    }

    /** Opens every directory on the way to the last component; the caller closes the result. */
    private int openParent(List<byte[]> parts, String guestPath) throws OsException {
        int dir = rootFd;
        for (int i = 0; i < parts.size() - 1; i++) {
            int next;
            try {
                next = fs.openDirectory(dir, parts.get(i), describe(guestPath));
            } catch (OsException e) {
                closeUnlessRoot(dir);
                if (e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR) {
                    throw new OsException("openat", Errno.ENOENT, describe(guestPath)
                            + " (a directory on the way is a symbolic link or not a directory)");
                }
                throw e;
            }
            closeUnlessRoot(dir);
            dir = next;
        }
        return dir;
    }

    private void closeUnlessRoot(int fd) {
        if (fd != rootFd) {
            fs.close(fd);
        }
    }

    /**
     * The components of a guest-absolute path: empty and "." components dropped; ".." and NUL
     * refused, because a guest's database could use them to point outside.
     */
    static List<byte[]> components(String guestPath) throws IOException {
        if (guestPath == null || guestPath.isEmpty() || guestPath.charAt(0) != '/') {
            throw new IOException("\"" + guestPath + "\" is not a guest-absolute path");
        }
        if (guestPath.indexOf('\0') >= 0) {
            throw new IOException("a guest path contains a NUL byte");
        }
        List<byte[]> parts = new ArrayList<>();
        for (String part : guestPath.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IOException("\"" + guestPath + "\" contains \"..\"; hashify does not leave a guest's root");
            }
            parts.add(part.getBytes(StandardCharsets.UTF_8));
        }
        return parts;
    }

    private String describe(String guestPath) {
        return "guest " + name + ": " + guestPath;
    }

    @Override
    public void close() {
        fs.close(rootFd);
    }
}
