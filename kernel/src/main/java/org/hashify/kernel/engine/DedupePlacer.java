package org.hashify.kernel.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.DedupeRecord;
import org.hashify.kernel.store.ObjectName;
import org.hashify.kernel.store.ObjectRef;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.DirCursor;
import org.hashify.kernel.walk.FileEntry;
import org.hashify.kernel.walk.Unit;

/**
 * Dedupe mode: each guest file keeps its own inode, owner, mode, times, xattrs and hard-link group,
 * and shares its extents with the object. The kernel compares the bytes under lock before sharing
 * ({@code FIDEDUPERANGE}), so a file that changed is simply not shared; a new object is a clone of
 * the guest file ({@code FICLONE}), made only if the file did not change since it was hashed.
 *
 * <p>The kernel's work per file (compare, remap, clone) is most of this mode's cost and independent
 * of the other files', so a real run places each file on the thread that hashed it, while the file
 * is still open there. Only making an object is one thread's at a time per name: a file whose
 * object another thread is making waits for it, then shares it (or makes it, if that one changed).
 */
final class DedupePlacer extends Placer {
    /** The metadata key of every dedupe object: identity is content alone in this mode. */
    static final String DEDUPE_KEY = dedupeKey();

    private final LinuxFs fs = LinuxFs.get();
    private final Store store;
    private final ObjectIndex index;
    private final DirCursor cursor;
    private final boolean dryRun;
    private final boolean onHashingThread;
    private final Map<Long, DedupeRecord> records;
    private final DedupeHints hints;
    /** Objects being made now, by name; the index (guarded by itself) holds those made. */
    private final Map<ObjectName, CompletableFuture<Void>> making = new HashMap<>();

    /**
     * @param cursor the guest's directories, for placing in walk order (dry runs, and stores whose
     *     object directories cannot all stay open)
     * @param records the guest's records, already holding those the walk found unchanged; new ones are added
     * @param hints what this run learned from the guests placed before, shared by all guests of the
     *     run; null in a dry run, which places nothing
     * @param concurrent whether a real run may place on the hashing threads: the store's object
     *     directories all stay open ({@link Store#concurrentUse})
     */
    DedupePlacer(Store store, ObjectIndex index, DirCursor cursor, GuestReport guest, RunReport run, boolean dryRun,
            Map<Long, DedupeRecord> records, DedupeHints hints, boolean concurrent) {
        super(guest, run);
        this.store = store;
        this.index = index;
        this.cursor = cursor;
        this.dryRun = dryRun;
        this.onHashingThread = !dryRun && concurrent;
        this.records = records;
        this.hints = hints;
    }

    private static String dedupeKey() {
        byte[] h = org.hashify.kernel.os.Sha256.ofSmall(
                "hashify dedupe object: identity is content".getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(h, 0, 8);
    }

    static ObjectName objectName(byte[] digest) {
        return new ObjectName(HexFormat.of().formatHex(digest), DEDUPE_KEY, 0);
    }

    static boolean isDedupeObject(ObjectName name) {
        return name.metaKeyHex().equals(DEDUPE_KEY);
    }

    @Override
    boolean contentOnly() {
        return true;
    }

    @Override
    boolean onHashingThread() {
        return onHashingThread;
    }

    @Override
    void place(HashOutcome.Hashed h) throws OsException {
        if (dryRun) {
            countDryRun(h);
            return;
        }
        FileEntry e = h.unit().leader();
        String what = "guest " + guest.name + ": " + e;
        int fd = fs.openForReading(cursor.open(e.dir()), e.name(), what);
        try {
            FileStat st = fs.fstat(fd, what);
            if (!st.isRegular() || !st.sameFileUnchanged(h.stat())) {
                guest.skip(SkipReason.CHANGED); // another file by now, or this one written to
                return;
            }
            settle(placeOpened(h, fd));
        } finally {
            fs.close(fd);
        }
    }

    private void countDryRun(HashOutcome.Hashed h) {
        ObjectName name = objectName(h.digest());
        if (!index.twins(name).isEmpty()) {
            guest.unified += h.unit().pathCount();
            guest.bytesSaved += h.stat().size();
        } else {
            guest.newObjects++;
            guest.newObjectPaths += h.unit().pathCount();
            index.add(new ObjectRef(name, -1 - h.stat().ino()));
        }
    }

    @Override
    void deduped(HashOutcome.Deduped d) {
        if (d.newObject()) {
            guest.newObjects++;
            guest.newObjectPaths += d.unit().pathCount();
        } else {
            guest.unified += d.unit().pathCount();
            guest.bytesSaved += d.stat().size();
        }
        records.put(d.record().ino(), d.record());
        hints.shared(d.record().rawPath(), d.stat().size(), d.record().object());
    }

    @Override
    HashOutcome placeOpened(HashOutcome.Hashed h, int fd) {
        FileEntry e = h.unit().leader();
        String what = "guest " + guest.name + ": " + e;
        ObjectName name = objectName(h.digest());
        try {
            while (true) {
                CompletableFuture<Void> mine = new CompletableFuture<>();
                CompletableFuture<Void> theirs;
                boolean exists;
                synchronized (index) {
                    exists = !index.twins(name).isEmpty();
                    theirs = exists ? null : making.putIfAbsent(name, mine);
                }
                if (exists) {
                    return share(name, fd, h, what);
                }
                if (theirs == null) {
                    try {
                        return adopt(name, fd, h, what);
                    } finally {
                        synchronized (index) {
                            making.remove(name);
                        }
                        mine.complete(null);
                    }
                }
                theirs.join(); // made (then shared next time round) or given up (then this one tries)
            }
        } catch (OsException ex) {
            if (ex.isVanished()) {
                return new HashOutcome.Left(h.unit(), h.stat(), SkipReason.VANISHED, null);
            }
            return new HashOutcome.Left(h.unit(), h.stat(), SkipReason.ERROR,
                    ex.getMessage() + "; file skipped, left as it was");
        }
    }

    /** What asking the kernel to share a file with an object gave. */
    private enum Sharing { SHARED, DIFFERENT, OBJECT_SIZE }

    private HashOutcome share(ObjectName name, int fd, HashOutcome.Hashed h, String what) throws OsException {
        return switch (shareWith(name, fd, h.stat().size(), what)) {
            case SHARED -> deduped(name, h.unit(), h.stat(), true);
            case DIFFERENT -> new HashOutcome.Left(h.unit(), h.stat(), SkipReason.CHANGED, null);
            case OBJECT_SIZE -> new HashOutcome.Left(h.unit(), h.stat(), SkipReason.OBJECT_MISMATCH,
                    "Store object " + store.describe(name) + " no longer has its size; run 'hashify verify'");
        };
    }

    /**
     * Shares the whole file with the object, unless the kernel finds a difference: with the file the
     * object was made from in this run where there is one (see {@link DedupeHints}), else with the
     * object, whose bytes the kernel is asked to read ahead first.
     */
    private Sharing shareWith(ObjectName name, int fd, long size, String what) throws OsException {
        DedupeHints.Source source = hints.source(name);
        if (source != null) {
            boolean shared;
            try {
                // unwritten since the clone, it holds the object's bytes: a twin of it is one of the object
                shared = fs.fstat(source.fd(), what).sameFileUnchanged(source.stat())
                        && dedupe(source.fd(), fd, size, what);
            } catch (OsException ex) {
                shared = false; // the kept file's fault or this one's: the object tells
            }
            if (shared) {
                return Sharing.SHARED;
            }
            hints.forgetSource(name);
        }
        int objFd;
        try {
            objFd = store.openObject(name);
        } catch (IOException ex) {
            throw asOs(ex, "openat", name);
        }
        try {
            if (fs.fstat(objFd, store.describe(name)).size() != size) {
                return Sharing.OBJECT_SIZE;
            }
            fs.willNeed(objFd, size);
            return dedupe(objFd, fd, size, what) ? Sharing.SHARED : Sharing.DIFFERENT;
        } finally {
            fs.close(objFd);
        }
    }

    @Override
    ObjectName guess(Unit unit, FileStat stat) {
        return hints.guess(unit.leader().path(), stat.size());
    }

    @Override
    HashOutcome placeByGuess(Unit unit, int fd, FileStat stat, ObjectName name) {
        synchronized (index) {
            if (index.twins(name).isEmpty()) {
                return null;
            }
        }
        try {
            String what = "guest " + guest.name + ": " + unit.leader();
            fs.willNeed(fd, stat.size()); // the kernel's compare reads one page at a time; not yet read here
            return shareWith(name, fd, stat.size(), what) == Sharing.SHARED ? deduped(name, unit, stat, false) : null;
        } catch (OsException ex) {
            return null; // hashing meets it again, and reports it
        }
    }

    /** Asks the kernel to share all of {@code fd} with {@code srcFd}, 16 MiB per request; false when they differ. */
    private boolean dedupe(int srcFd, int fd, long size, String what) throws OsException {
        for (long off = 0; off < size; off += LinuxFs.DEDUPE_CHUNK) {
            long len = Math.min(LinuxFs.DEDUPE_CHUNK, size - off);
            if (fs.dedupeRange(srcFd, fd, off, len, what) < len) {
                return false;
            }
        }
        return true;
    }

    /**
     * The record holds the file's stat as hashed: sharing changes neither its times nor its size, and
     * should it have been written to since, the record no longer matches and the next run compares again.
     */
    private static HashOutcome deduped(ObjectName name, Unit unit, FileStat stat, boolean hashed) {
        return new HashOutcome.Deduped(unit, stat, DedupeRecord.of(name, stat, unit.leader().path()), false, hashed);
    }

    /** Makes a clone of the guest file the object; kept only if the file did not change meanwhile. */
    private HashOutcome adopt(ObjectName name, int fd, HashOutcome.Hashed h, String what) throws OsException {
        FileStat obj;
        try {
            obj = store.cloneObject(fd, name);
        } catch (IOException ex) {
            throw asOs(ex, "ioctl(FICLONE)", name);
        }
        FileStat after = fs.fstat(fd, what);
        if (!after.sameFileUnchanged(h.stat()) || obj.size() != after.size()) {
            try {
                store.removeObject(name);
            } catch (IOException ex) {
                return new HashOutcome.Left(h.unit(), h.stat(), SkipReason.ERROR, "Could not remove unverified object "
                        + store.describe(name) + ": " + ex.getMessage() + "; run 'hashify verify'");
            }
            return new HashOutcome.Left(h.unit(), h.stat(), SkipReason.CHANGED, null);
        }
        synchronized (index) {
            index.add(new ObjectRef(name, obj.ino()));
        }
        hints.keepSource(name, fd, after, what);
        return new HashOutcome.Deduped(h.unit(), h.stat(), DedupeRecord.of(name, after, h.unit().leader().path()), true,
                true);
    }

    private OsException asOs(IOException ex, String call, ObjectName name) {
        return ex instanceof OsException os ? os
                : new OsException(call, Errno.EIO, store.describe(name) + ": " + ex.getMessage());
    }
}
