package org.hashify.kernel.walk;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;

/**
 * Reopens walked directories of one guest, one component at a time from the guest root with
 * {@code O_NOFOLLOW}, checking each is still the inode the walk saw. Keeps a few descriptors open
 * so that work grouped by directory rarely reopens anything, and never holds more than a few
 * dozen, however deep the tree. One cursor per thread.
 */
public final class DirCursor implements AutoCloseable {
    private static final int KEEP = 24;

    private final LinuxFs fs = LinuxFs.get();
    private final int rootFd;
    private final String guestName;
    private final Map<DirNode, Integer> open = new LinkedHashMap<>(KEEP * 2, 0.75f, true);

    /** @param rootFd the guest root, owned by the caller and not closed here */
    public DirCursor(int rootFd, String guestName) {
        this.rootFd = rootFd;
        this.guestName = guestName;
    }

    /**
     * A descriptor of {@code dir}, valid until the next call or {@link #close}.
     *
     * @throws OsException ENOENT, ENOTDIR or ELOOP when the directory is gone or was swapped
     */
    public int open(DirNode dir) throws OsException {
        if (dir.isRoot()) {
            return rootFd;
        }
        Integer fd = open.get(dir);
        if (fd != null) {
            return fd;
        }
        // A loop, not recursion: a guest may nest directories thousands deep (a StackOverflowError before).
        java.util.ArrayDeque<DirNode> chain = new java.util.ArrayDeque<>();
        int parentFd = rootFd;
        for (DirNode d = dir; !d.isRoot(); d = d.parent()) {
            Integer cached = open.get(d);
            if (cached != null) {
                parentFd = cached;
                break;
            }
            chain.push(d);
        }
        int child = parentFd;
        while (!chain.isEmpty()) {
            child = openChild(parentFd, chain.pop());
            parentFd = child;
        }
        return child;
    }

    /** Opens one directory in its open parent, checks it is still the inode the walk saw, and keeps it. */
    private int openChild(int parentFd, DirNode dir) throws OsException {
        int child = fs.openDirectory(parentFd, dir.name(), describe(dir));
        try {
            FileStat st = fs.fstat(child, describe(dir));
            if (st.dev() != dir.dev() || st.ino() != dir.ino()) {
                throw new OsException("openat", Errno.ENOENT, describe(dir) + " was replaced during the run");
            }
        } catch (OsException e) {
            fs.close(child);
            throw e;
        }
        open.put(dir, child);
        if (open.size() > KEEP) {
            var eldest = open.entrySet().iterator().next();
            fs.close(eldest.getValue());
            open.remove(eldest.getKey());
        }
        return child;
    }

    private String describe(DirNode dir) {
        return "guest " + guestName + ": directory " + dir;
    }

    @Override
    public void close() {
        open.values().forEach(fs::close);
        open.clear();
    }
}
