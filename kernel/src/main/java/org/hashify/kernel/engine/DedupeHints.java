package org.hashify.kernel.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.ObjectName;

/**
 * Dedupe mode, one run: for each object the run made, the guest file it was cloned from, kept open.
 *
 * <p>The kernel compares a file with what it is to share before sharing it. A new object is a new
 * inode with nothing in the page cache, so comparing with it reads its bytes from the disk, one page
 * at a time; the guest file it was cloned from has the same bytes and extents, and has its pages
 * cached, since it was just hashed. So the run's later twins are compared with, and share the
 * extents of, that file; should it have changed since, the kernel finds a difference and the object
 * itself is used. At most a share of the open-file limit is kept; all are closed when the run ends.
 * Safe for several threads: a descriptor is closed only by {@link #close}.
 */
final class WarmSources implements AutoCloseable {
    private static final int MOST = 16_384;

    private final LinuxFs fs = LinuxFs.get();
    private final Map<ObjectName, Integer> open = new HashMap<>();
    private final List<Integer> retired = new ArrayList<>();
    private final long budget;

    WarmSources() {
        this(Math.min(MOST, (LinuxFs.openFileLimit() - 256) / 2));
    }

    /** @param budget how many descriptors may be kept open at most */
    WarmSources(long budget) {
        this.budget = Math.max(0, budget);
    }

    /** Keeps a descriptor of the open file {@code fd}, just cloned into {@code object}, if there is room. */
    void keep(ObjectName object, int fd, String what) throws OsException {
        synchronized (this) {
            if (open.size() + retired.size() >= budget || open.containsKey(object)) {
                return;
            }
        }
        int dup = fs.duplicate(fd, what);
        synchronized (this) {
            if (open.putIfAbsent(object, dup) != null) {
                retired.add(dup);
            }
        }
    }

    /** The kept file of {@code object}, or -1; it stays open until the run ends. */
    synchronized int get(ObjectName object) {
        Integer fd = open.get(object);
        return fd == null ? -1 : fd;
    }

    /** No longer offers the file of {@code object}: it differs from the object now. */
    synchronized void forget(ObjectName object) {
        Integer fd = open.remove(object);
        if (fd != null) {
            retired.add(fd); // another thread may be comparing with it at this moment
        }
    }

    synchronized int size() {
        return open.size();
    }

    @Override
    public synchronized void close() {
        open.values().forEach(fs::close);
        retired.forEach(fs::close);
        open.clear();
        retired.clear();
    }
}
