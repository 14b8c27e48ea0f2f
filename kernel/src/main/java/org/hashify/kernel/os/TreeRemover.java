package org.hashify.kernel.os;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Removes a tree hashify made itself (a clone that failed half-way, a comparison copy), through
 * directory descriptors, never following a link. Names of frozen store objects inside it are
 * unlinked by clearing the flag for the moment of the unlink.
 */
public final class TreeRemover {
    private final LinuxFs fs = LinuxFs.get();

    private record Level(int fd, byte[] name, Iterator<DirEntry> entries) {
    }

    /** Removes entry {@code name} of the open directory {@code parentFd} and everything below it. */
    public void remove(int parentFd, byte[] name, String what) throws OsException {
        FileStat st = fs.stat(parentFd, name, what);
        if (!st.isDirectory()) {
            unlink(parentFd, name, what);
            return;
        }
        Deque<Level> stack = new ArrayDeque<>();
        try {
            stack.push(open(parentFd, name, what));
            while (!stack.isEmpty()) {
                Level top = stack.peek();
                if (top.entries().hasNext()) {
                    DirEntry e = top.entries().next();
                    FileStat child = fs.stat(top.fd(), e.name(), what);
                    if (child.isDirectory()) {
                        stack.push(open(top.fd(), e.name(), what));
                    } else {
                        unlink(top.fd(), e.name(), what);
                    }
                    continue;
                }
                stack.pop();
                fs.close(top.fd());
                int parent = stack.isEmpty() ? parentFd : stack.peek().fd();
                fs.rmdir(parent, top.name(), what);
            }
        } finally {
            stack.forEach(l -> fs.close(l.fd()));
        }
    }

    private Level open(int parentFd, byte[] name, String what) throws OsException {
        int fd = fs.openDirectory(parentFd, name, what);
        try {
            fs.chmod(fd, 0700, what); // a copied read-only directory must not stop a user who is not root
        } catch (OsException ignored) {
            // root does not need it; anyone else gets EACCES below, which says enough
        }
        List<DirEntry> entries;
        try {
            entries = fs.list(fd, what);
        } catch (OsException e) {
            fs.close(fd);
            throw e;
        }
        return new Level(fd, name, entries.iterator());
    }

    private void unlink(int dirFd, byte[] name, String what) throws OsException {
        try {
            fs.unlink(dirFd, name, what);
        } catch (OsException e) {
            if (e.errno() != Errno.EPERM || !fs.stat(dirFd, name, what).isRegular()) {
                throw e;
            }
            int fd = fs.openForReading(dirFd, name, what);
            try {
                int flags = fs.flags(fd, what);
                if ((flags & LinuxFs.FS_IMMUTABLE_FL) == 0) {
                    throw e;
                }
                fs.setFlags(fd, flags & ~LinuxFs.FS_IMMUTABLE_FL, what);
                try {
                    fs.unlink(dirFd, name, what);
                } finally {
                    fs.setFlags(fd, flags, what);
                }
            } finally {
                fs.close(fd);
            }
        }
    }
}
