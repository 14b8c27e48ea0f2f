package org.hashify.kernel.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.ObjectName;

/**
 * What a dedupe run learned from the guests it placed that makes their twins in later guests
 * cheaper to share. Safe for several threads; a kept descriptor is closed only by {@link #close}.
 *
 * <p><b>Warm sources.</b> The kernel compares a file with what it is to share before sharing it. A
 * new object is a new inode with nothing in the page cache, so comparing with it reads its bytes
 * from the disk, one page at a time; the guest file it was cloned from has the same bytes and
 * extents, and has its pages cached, since it was just hashed. So the run's later twins are
 * compared with, and share the extents of, that file, kept open, as long as its stat shows no write
 * since; otherwise the object itself is used. At most a share of the open-file limit is kept.
 *
 * <p><b>Objects by path.</b> Guests of one distribution hold the same files at the same paths. The
 * object that the file at a path shared is the likely object of a later guest's file of the same
 * path and size; the kernel, asked to share the two, compares every byte, so a right guess needs no
 * hashing at all, and a wrong one costs a comparison up to the first difference before the file is
 * hashed as usual. At most {@value #MOST_PATHS} paths are remembered.
 */
final class DedupeHints implements AutoCloseable {
    private static final int MOST_SOURCES = 16_384;
    static final int MOST_PATHS = 262_144;

    /** The object a guest path shared, and the size it had. */
    record Guess(long size, ObjectName object) {
    }

    /**
     * A kept file and its stat when its object was cloned from it: while its stat is unchanged (no
     * write, which moves the change time), it holds the object's bytes.
     */
    record Source(int fd, FileStat stat) {
    }

    private final LinuxFs fs = LinuxFs.get();
    private final Map<ObjectName, Source> sources = new HashMap<>();
    private final List<Integer> retired = new ArrayList<>();
    private final long sourceBudget;
    private final Map<String, Guess> byPath = new ConcurrentHashMap<>();

    DedupeHints() {
        this.sourceBudget = Math.max(0, Math.min(MOST_SOURCES, (LinuxFs.openFileLimit() - 256) / 2));
    }

    /**
     * Keeps a descriptor of the open file {@code fd}, just cloned into {@code object}, if there is room.
     *
     * @param stat the file's stat, unchanged since it was hashed and cloned
     */
    void keepSource(ObjectName object, int fd, FileStat stat, String what) throws OsException {
        synchronized (this) {
            if (sources.size() + retired.size() >= sourceBudget || sources.containsKey(object)) {
                return;
            }
        }
        int dup = fs.duplicate(fd, what);
        synchronized (this) {
            if (sources.putIfAbsent(object, new Source(dup, stat)) != null) {
                retired.add(dup);
            }
        }
    }

    /** The kept file of {@code object}, or null; it stays open until the run ends. */
    synchronized Source source(ObjectName object) {
        return sources.get(object);
    }

    /** No longer offers the file of {@code object}: it differs from the object now. */
    synchronized void forgetSource(ObjectName object) {
        Source s = sources.remove(object);
        if (s != null) {
            retired.add(s.fd()); // another thread may be comparing with it at this moment
        }
    }

    /** Remembers that the file at {@code path}, of {@code size} bytes, shares {@code object}. */
    void shared(String path, long size, ObjectName object) {
        if (byPath.size() < MOST_PATHS || byPath.containsKey(path)) {
            byPath.put(path, new Guess(size, object));
        }
    }

    /** The object a file at {@code path} of {@code size} bytes likely has as twin, or null. */
    ObjectName guess(String path, long size) {
        Guess g = byPath.get(path);
        return g != null && g.size() == size ? g.object() : null;
    }

    @Override
    public synchronized void close() {
        sources.values().forEach(src -> fs.close(src.fd()));
        retired.forEach(fs::close);
        sources.clear();
        retired.clear();
        byPath.clear();
    }
}
