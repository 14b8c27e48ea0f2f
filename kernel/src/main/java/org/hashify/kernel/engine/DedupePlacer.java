package org.hashify.kernel.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
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
 */
final class DedupePlacer extends Placer {
    /** The metadata key of every dedupe object: identity is content alone in this mode. */
    static final String DEDUPE_KEY = dedupeKey();

    private final LinuxFs fs = LinuxFs.get();
    private final Store store;
    private final ObjectIndex index;
    private final DirCursor cursor;
    private final boolean dryRun;
    private final Map<Long, DedupeRecord> records;

    /** @param records the guest's records, already holding those the walk found unchanged; new ones are added */
    DedupePlacer(Store store, ObjectIndex index, DirCursor cursor, GuestReport guest, RunReport run, boolean dryRun,
            Map<Long, DedupeRecord> records) {
        super(guest, run);
        this.store = store;
        this.index = index;
        this.cursor = cursor;
        this.dryRun = dryRun;
        this.records = records;
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
    void place(HashOutcome.Hashed h) throws OsException {
        Unit unit = h.unit();
        ObjectName name = objectName(h.digest());
        boolean exists = !index.twins(name).isEmpty();
        if (dryRun) {
            if (exists) {
                guest.unified += unit.pathCount();
                guest.bytesSaved += h.stat().size();
            } else {
                guest.newObjects++;
                guest.newObjectPaths += unit.pathCount();
                index.add(new ObjectRef(name, -1 - h.stat().ino()));
            }
            return;
        }
        FileEntry e = unit.leader();
        String what = "guest " + guest.name + ": " + e;
        int dirFd = cursor.open(e.dir());
        int fd = fs.openForReading(dirFd, e.name(), what);
        try {
            FileStat st = fs.fstat(fd, what);
            if (!st.isRegular() || !st.sameFileUnchanged(h.stat())) {
                guest.skip(SkipReason.CHANGED);
                return;
            }
            if (exists && share(name, fd, st, what)) {
                guest.unified += unit.pathCount();
                guest.bytesSaved += st.size();
                records.put(st.ino(), DedupeRecord.of(name, fs.fstat(fd, what), e.path()));
            } else if (!exists) {
                adopt(name, fd, unit, h.stat(), e, what);
            }
        } finally {
            fs.close(fd);
        }
    }

    /** Shares the whole file with the object, 16 MiB per request; false when the kernel found a difference. */
    private boolean share(ObjectName name, int fd, FileStat st, String what) throws OsException {
        int objFd;
        try {
            objFd = store.openObject(name);
        } catch (IOException ex) {
            throw new OsException("openat", Errno.EIO, store.describe(name) + ": " + ex.getMessage());
        }
        try {
            FileStat obj = fs.fstat(objFd, store.describe(name));
            if (obj.size() != st.size()) {
                run.problem("Store object " + store.describe(name) + " no longer has its size; run 'hashify verify'");
                guest.skip(SkipReason.OBJECT_MISMATCH);
                return false;
            }
            for (long off = 0; off < st.size(); off += LinuxFs.DEDUPE_CHUNK) {
                long len = Math.min(LinuxFs.DEDUPE_CHUNK, st.size() - off);
                if (fs.dedupeRange(objFd, fd, off, len, what) < len) {
                    guest.skip(SkipReason.CHANGED);
                    return false;
                }
            }
            return true;
        } finally {
            fs.close(objFd);
        }
    }

    /** Makes a clone of the guest file the object; kept only if the file did not change meanwhile. */
    private void adopt(ObjectName name, int fd, Unit unit, FileStat hashed, FileEntry e, String what)
            throws OsException {
        try {
            store.cloneObject(fd, name);
        } catch (IOException ex) {
            if (ex instanceof OsException os) {
                throw os;
            }
            throw new OsException("ioctl(FICLONE)", Errno.EIO, store.describe(name) + ": " + ex.getMessage());
        }
        FileStat after = fs.fstat(fd, what);
        FileStat obj;
        try {
            obj = store.statObject(name);
        } catch (IOException ex) {
            throw new OsException("statx", Errno.EIO, store.describe(name) + ": " + ex.getMessage());
        }
        if (!after.sameFileUnchanged(hashed) || obj == null || obj.size() != after.size()) {
            try {
                store.removeObject(name);
            } catch (IOException ex) {
                run.problem("Could not remove unverified object " + store.describe(name) + ": " + ex.getMessage()
                        + "; run 'hashify verify'");
            }
            guest.skip(SkipReason.CHANGED);
            return;
        }
        index.add(new ObjectRef(name, obj.ino()));
        guest.newObjects++;
        guest.newObjectPaths += unit.pathCount();
        records.put(after.ino(), DedupeRecord.of(name, after, e.path()));
    }
}
