package org.hashify.kernel.engine;

import java.util.SortedMap;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.Identity;
import org.hashify.kernel.walk.DirCursor;
import org.hashify.kernel.walk.FileEntry;
import org.hashify.kernel.walk.Unit;

/**
 * Hashes units of one guest on one thread. A unit's file is opened without following links, must
 * still be the inode the walk saw, and must show the same change time before and after reading:
 * then the digest describes one consistent snapshot of its bytes.
 */
final class HashWorker implements AutoCloseable {
    /** What the hashing thread does with a file besides hashing it, while it is open there. */
    interface Placing {
        /** Nothing: each unit goes to the placing thread as hashed. */
        Placing NONE = new Placing() {
            @Override
            public HashOutcome beforeHashing(Unit unit, int fd, FileStat stat) {
                return null;
            }

            @Override
            public HashOutcome afterHashing(HashOutcome.Hashed hashed, int fd) {
                return hashed;
            }
        };

        /**
         * Before the file is read: what placing it without hashing it gave, or null to hash it.
         *
         * @param stat the file's stat, as the walk saw it
         */
        HashOutcome beforeHashing(Unit unit, int fd, FileStat stat);

        /** After hashing, with the file still open; the worker closes it afterwards. */
        HashOutcome afterHashing(HashOutcome.Hashed hashed, int fd);
    }

    private final LinuxFs fs = LinuxFs.get();
    private final ContentHasher hasher = new ContentHasher();
    private final DirCursor cursor;
    private final String guestName;
    private final boolean ignoreMtime;
    private final boolean contentOnly;
    private final Placing placing;

    /**
     * @param contentOnly identity is content alone (dedupe mode): no extended attributes are read,
     *     and the outcome carries no identity
     */
    HashWorker(int guestRootFd, String guestName, boolean ignoreMtime, boolean contentOnly, Placing placing) {
        this.cursor = new DirCursor(guestRootFd, guestName);
        this.guestName = guestName;
        this.ignoreMtime = ignoreMtime;
        this.contentOnly = contentOnly;
        this.placing = placing;
    }

    HashOutcome hash(Unit unit) {
        FileEntry e = unit.leader();
        String what = "guest " + guestName + ": " + e;
        int fd = -1;
        try {
            int dirFd = cursor.open(e.dir());
            fd = fs.openForReading(dirFd, e.name(), what);
            FileStat before = fs.fstat(fd, what);
            if (!before.isRegular()) {
                return new HashOutcome.Skipped(unit, SkipReason.NOT_REGULAR, what + " is no longer a regular file");
            }
            if (!before.sameFileUnchanged(e.stat())) {
                return new HashOutcome.Skipped(unit, SkipReason.CHANGED, what + " changed since the walk");
            }
            HashOutcome placed = placing.beforeHashing(unit, fd, before);
            if (placed != null) {
                return placed;
            }
            SortedMap<String, byte[]> xattrs = contentOnly ? null : fs.xattrs(fd, what);
            byte[] digest = hasher.hash(fd, before.size(), what);
            FileStat after = fs.fstat(fd, what);
            if (digest == null || !after.sameFileUnchanged(before)) {
                return new HashOutcome.Skipped(unit, SkipReason.CHANGED, what + " changed while being hashed");
            }
            Identity identity = contentOnly ? null : Identity.of(after, xattrs, ignoreMtime);
            HashOutcome.Hashed hashed = new HashOutcome.Hashed(unit, digest, identity, after);
            return placing.afterHashing(hashed, fd);
        } catch (OsException ex) {
            if (ex.isVanished()) {
                return new HashOutcome.Skipped(unit, SkipReason.VANISHED, what + " vanished or was replaced during the run");
            }
            return new HashOutcome.Skipped(unit, SkipReason.ERROR, ex.getMessage());
        } finally {
            fs.close(fd);
        }
    }

    @Override
    public void close() {
        cursor.close();
    }
}
