package org.hashify.kernel.engine;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.Identity;
import org.hashify.kernel.store.ObjectName;
import org.hashify.kernel.store.ObjectRef;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.DirCursor;
import org.hashify.kernel.walk.FileEntry;
import org.hashify.kernel.walk.GuestWalker;
import org.hashify.kernel.walk.Unit;

/**
 * Decides, for each hashed unit of a guest, whether it joins an existing object or becomes a new
 * one, and makes it so. Single-threaded: it owns the guest's replacements and the store's index.
 *
 * <p>A replacement never leaves a path without a complete file: the object is linked under a
 * temporary name beside the file, the two names are exchanged atomically, and only then is the old
 * file's name removed. If the old file was written to in between, the exchange is undone.
 */
final class Replacer extends Placer {
    private final LinuxFs fs = LinuxFs.get();
    private final SecureRandom random = new SecureRandom();
    private final Store store;
    private final ObjectIndex index;
    private final DirCursor cursor;
    private final boolean dryRun;
    private final Map<ObjectName, Boolean> verified;
    private final LinkLimit linkLimit;
    private final Freezer freezer;
    private final DeferredCloser closer;
    private boolean exchangeSupported = true;

    enum Outcome { DONE, CHANGED, VANISHED, LINK_LIMIT }

    /** The most links one inode may have on the store's filesystem, learnt from the first EMLINK. */
    static final class LinkLimit {
        private long limit;

        LinkLimit(long initial) {
            this.limit = initial;
        }

        boolean allows(long links) {
            return links <= limit;
        }

        void learn(long atFailure) {
            limit = Math.min(limit, atFailure);
        }
    }

    /**
     * @param freezer thaws a frozen object while it takes a link; freezes objects when the store is in immutable use
     * @param closer closes the replaced copies, which frees their blocks
     */
    Replacer(Store store, ObjectIndex index, Map<ObjectName, Boolean> verified, LinkLimit linkLimit,
            DirCursor cursor, GuestReport guest, RunReport run, boolean dryRun, Freezer freezer, DeferredCloser closer) {
        super(guest, run);
        this.closer = closer;
        this.freezer = freezer;
        this.store = store;
        this.index = index;
        this.verified = verified;
        this.linkLimit = linkLimit;
        this.cursor = cursor;
        this.dryRun = dryRun;
    }

    @Override
    void place(HashOutcome.Hashed h) throws OsException {
        Unit unit = h.unit();
        ObjectName name = ObjectName.of(h.digest(), h.identity().key());
        List<ObjectRef> twins = index.twins(name);
        if (unit.leader().leftover()) {
            removeLeftover(unit.leader(), h, twins);
            return;
        }
        if (!unit.complete()) {
            guest.skip(SkipReason.PARTIAL_GROUP);
            return;
        }
        int nextTwin = 0;
        for (ObjectRef obj : twins) {
            nextTwin = Math.max(nextTwin, obj.name().twin() + 1);
            FileStat objStat = verifiedStat(obj, h.identity());
            if (objStat == null || !linkLimit.allows((long) objStat.nlink() + unit.pathCount())) {
                continue;
            }
            if (dryRun) {
                guest.unified += unit.pathCount();
                guest.bytesSaved += h.stat().size();
                return;
            }
            Outcome o = freezer.whileLinking(obj, () -> replaceAll(unit, h, obj));
            if (o == Outcome.LINK_LIMIT) {
                linkLimit.learn(objStat.nlink());
                continue;
            }
            count(o, unit, h);
            return;
        }
        adopt(unit, h, nextTwin == 0 ? name : new ObjectName(name.contentHex(), name.metaKeyHex(), nextTwin));
    }

    private void count(Outcome o, Unit unit, HashOutcome.Hashed h) {
        switch (o) {
            case DONE -> {
                guest.unified += unit.pathCount();
                guest.bytesSaved += h.stat().size();
            }
            case CHANGED -> guest.skip(SkipReason.CHANGED);
            case VANISHED -> guest.skip(SkipReason.VANISHED);
            case LINK_LIMIT -> throw new IllegalStateException("link limit handled by the caller");
        }
    }

    /** The object's current stat if it still has the identity its name promises, else null. */
    private FileStat verifiedStat(ObjectRef obj, Identity identity) throws OsException {
        Boolean ok = verified.get(obj.name());
        if (Boolean.FALSE.equals(ok)) {
            return null;
        }
        int fd;
        try {
            fd = store.openObject(obj.name());
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT && dryRun && obj.ino() < 0) {
                return new FileStat(0, obj.ino(), identity.mode(), 1, identity.uid(), identity.gid(), identity.size(),
                        0, 0, identity.mtimeSec(), identity.mtimeNsec(), 0, 0);
            }
            if (e.errno() == Errno.ENOENT) {
                verified.put(obj.name(), false);
                return null;
            }
            throw e;
        } catch (java.io.IOException e) {
            throw new OsException("openat", Errno.EIO, store.describe(obj.name()) + ": " + e.getMessage());
        }
        try {
            FileStat st = fs.fstat(fd, store.describe(obj.name()));
            if (ok == null) {
                boolean good = st.ino() == obj.ino() && identity.matches(st, fs.xattrs(fd, store.describe(obj.name())));
                verified.put(obj.name(), good);
                if (!good) {
                    run.problem("Store object " + store.describe(obj.name()) + " no longer matches its name: someone "
                            + "changed a shared file or the object's metadata. It is no longer shared; run "
                            + "'hashify verify' to see which guests hold it.");
                    return null;
                }
            }
            return st;
        } finally {
            fs.close(fd);
        }
    }

    private Outcome replaceAll(Unit unit, HashOutcome.Hashed h, ObjectRef obj) throws OsException {
        Outcome first = replaceOne(unit.leader(), h.stat(), true, obj);
        if (first != Outcome.DONE) {
            return first;
        }
        for (FileEntry follower : unit.followers()) {
            Outcome o = replaceOne(follower, h.stat(), false, obj);
            if (o != Outcome.DONE) {
                run.problem("guest " + guest.name + ": " + follower + " was not linked like the rest of its hard-link "
                        + "group (" + o.name().toLowerCase() + "); the group is split, no content was lost");
            }
        }
        return Outcome.DONE;
    }

    /**
     * Replaces one path by a link to {@code obj}.
     *
     * @param strict whether the change time must be unchanged too (it moves when another name of the
     *     same inode is replaced, so group members after the first compare content stamps only)
     */
    private Outcome replaceOne(FileEntry e, FileStat expected, boolean strict, ObjectRef obj) throws OsException {
        String what = "guest " + guest.name + ": " + e;
        int dirFd = cursor.open(e.dir());
        FileStat dirStat = fs.fstat(dirFd, what);
        int oldFd = fs.openForReading(dirFd, e.name(), what);
        boolean replaced = false;
        try {
            FileStat st = fs.fstat(oldFd, what);
            if (!st.isRegular()) {
                return Outcome.CHANGED;
            }
            boolean same = strict ? st.sameFileUnchanged(expected) : st.sameContentStamp(expected);
            if (!same) {
                return Outcome.CHANGED;
            }
            byte[] tmp = tempName();
            int objDir;
            try {
                objDir = store.objectDirectory(obj.name());
            } catch (java.io.IOException ex) {
                throw new OsException("openat", Errno.EIO, store.describe(obj.name()) + ": " + ex.getMessage());
            }
            try {
                fs.link(objDir, obj.name().fileNameBytes(), dirFd, tmp, what);
            } catch (OsException ex) {
                if (ex.errno() == Errno.EMLINK) {
                    return Outcome.LINK_LIMIT;
                }
                throw ex;
            }
            boolean exchanged = swap(dirFd, tmp, e.name(), what);
            if (exchanged) {
                FileStat after = fs.fstat(oldFd, what);
                if (!after.sameContentStamp(st) || after.mode() != st.mode() || after.uid() != st.uid()
                        || after.gid() != st.gid()) {
                    // Written to between our check and the exchange: put the writer's file back.
                    fs.rename(dirFd, tmp, dirFd, e.name(), LinuxFs.RENAME_EXCHANGE, what);
                    fs.unlink(dirFd, tmp, what);
                    restoreMtime(dirFd, dirStat, what);
                    return Outcome.CHANGED;
                }
                fs.unlink(dirFd, tmp, what);
            }
            replaced = true;
            restoreMtime(dirFd, dirStat, what);
            return Outcome.DONE;
        } finally {
            if (replaced) {
                closer.close(oldFd); // the last reference to the old copy: closing it frees its blocks
            } else {
                fs.close(oldFd);
            }
        }
    }

    /** Puts the object's temporary link in place of the file; true if the old file now has the temp name. */
    private boolean swap(int dirFd, byte[] tmp, byte[] name, String what) throws OsException {
        try {
            if (exchangeSupported) {
                try {
                    fs.rename(dirFd, tmp, dirFd, name, LinuxFs.RENAME_EXCHANGE, what);
                    return true;
                } catch (OsException ex) {
                    if (ex.errno() != Errno.EINVAL && ex.errno() != Errno.EOPNOTSUPP && ex.errno() != Errno.ENOSYS) {
                        throw ex;
                    }
                    exchangeSupported = false; // filesystem without RENAME_EXCHANGE: plain rename is still atomic
                }
            }
            fs.rename(dirFd, tmp, dirFd, name, 0, what);
            return false;
        } catch (OsException ex) {
            try {
                fs.unlink(dirFd, tmp, what);
            } catch (OsException ignored) {
                // a leftover temp link is removed by the next run
            }
            throw ex;
        }
    }

    private void restoreMtime(int dirFd, FileStat dirStat, String what) {
        try {
            fs.setModificationTime(dirFd, dirStat.mtimeSec(), dirStat.mtimeNsec(), what);
        } catch (OsException ex) {
            run.problem(ex.getMessage() + "; the directory's modification time changed");
        }
    }

    /** Makes the leader's inode the object {@code name}; its hard-link group comes along. */
    private void adopt(Unit unit, HashOutcome.Hashed h, ObjectName name) throws OsException {
        FileEntry e = unit.leader();
        if (dryRun) {
            guest.newObjects++;
            guest.newObjectPaths += unit.pathCount();
            index.add(new ObjectRef(name, -1 - h.stat().ino()));
            return;
        }
        String what = "guest " + guest.name + ": " + e;
        int dirFd = cursor.open(e.dir());
        int fd = fs.openForReading(dirFd, e.name(), what);
        try {
            FileStat st = fs.fstat(fd, what);
            if (!st.isRegular() || !st.sameFileUnchanged(h.stat())) {
                guest.skip(SkipReason.CHANGED);
                return;
            }
            try {
                store.adopt(fd, name);
            } catch (OsException ex) {
                if (ex.errno() == Errno.EMLINK) {
                    guest.skip(SkipReason.PARTIAL_GROUP);
                    return;
                }
                throw ex;
            } catch (java.io.IOException ex) {
                throw new OsException("linkat", Errno.EIO, store.describe(name) + ": " + ex.getMessage());
            }
            freezer.frozen(fd, store.describe(name)); // before the check, so no write can slip in after it
            FileStat after = fs.fstat(fd, what);
            if (!after.sameContentStamp(st) || after.mode() != st.mode() || after.uid() != st.uid()
                    || after.gid() != st.gid()) {
                // Written to between the hash and the link: this object's bytes are not verified.
                try {
                    freezer.thawed(fd, what);
                    store.removeObject(name);
                } catch (java.io.IOException ex) {
                    run.problem("Could not remove unverified object " + store.describe(name) + ": " + ex.getMessage()
                            + "; run 'hashify verify'");
                }
                guest.skip(SkipReason.CHANGED);
                return;
            }
            index.add(new ObjectRef(name, after.ino()));
            verified.put(name, true);
            guest.newObjects++;
            guest.newObjectPaths += unit.pathCount();
        } finally {
            fs.close(fd);
        }
    }

    /** A temp name of a killed run: redundant by construction; removed when an object holds its content. */
    private void removeLeftover(FileEntry e, HashOutcome.Hashed h, List<ObjectRef> twins) throws OsException {
        boolean backed = false;
        for (ObjectRef obj : twins) {
            if (verifiedStat(obj, h.identity()) != null) {
                backed = true;
                break;
            }
        }
        if (!backed) {
            run.problem("guest " + guest.name + ": " + e + " looks like a temporary file of an interrupted hashify run "
                    + "but no object has its content; it was left in place. Delete it if it is not yours.");
            return;
        }
        if (!dryRun) {
            String what = "guest " + guest.name + ": " + e;
            int dirFd = cursor.open(e.dir());
            FileStat st = fs.stat(dirFd, e.name(), what);
            if (!st.sameContentStamp(h.stat())) {
                guest.skip(SkipReason.CHANGED);
                return;
            }
            FileStat dirStat = fs.fstat(dirFd, what);
            freezer.unlink(dirFd, e.name(), what);
            restoreMtime(dirFd, dirStat, what);
        }
        guest.leftoversRemoved++;
    }

    private byte[] tempName() {
        byte[] r = new byte[8];
        random.nextBytes(r);
        return (GuestWalker.TEMP_PREFIX + HexFormat.of().formatHex(r) + GuestWalker.TEMP_SUFFIX)
                .getBytes(StandardCharsets.US_ASCII);
    }
}
