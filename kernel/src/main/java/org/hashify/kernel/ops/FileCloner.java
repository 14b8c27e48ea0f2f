package org.hashify.kernel.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.hashify.kernel.engine.Freezer;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.DedupeRecord;
import org.hashify.kernel.store.ObjectRef;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.DirCursor;
import org.hashify.kernel.walk.DirNode;

/**
 * The regular files of a clone: a file that is a store object (and not excluded) becomes a link to
 * the object; any other is cloned with {@code FICLONE} where the filesystem shares extents, else
 * copied, then given the source's owner, attributes, mode and times. Further names of a
 * guest-local hard-link group are linked to the group's new inode. With an identity reset,
 * /etc/machine-id comes out empty and /etc/hostname names the new guest.
 */
final class FileCloner {
    private static final String MACHINE_ID = "/etc/machine-id";
    private static final String HOSTNAME = "/etc/hostname";
    private static final byte[] DOT = {'.'};
    private static final int ENOTTY = 25;

    /**
     * How the files are cloned.
     *
     * @param linkObjects whether files that are store objects are linked (hardlink mode) rather
     *     than cloned like every other file (dedupe mode)
     * @param reflink whether {@code FICLONE} works on the new tree's filesystem
     * @param hostname the new hostname, or null to keep the guest's identity
     * @param sourceRefs the source's dedupe records by inode (dedupe mode), else empty
     */
    record Settings(Store store, boolean linkObjects, boolean reflink, String hostname,
            Map<Long, DedupeRecord> sourceRefs) {
    }

    private record Pending(DirNode src, DirNode dst, byte[] name, boolean excluded) {
    }

    private record Placed(DirNode dir, byte[] name) {
    }

    private final LinuxFs fs = LinuxFs.get();
    private final Metadata metadata = new Metadata();
    private final ContentCopier copier = ContentCopier.ordinary();
    private final Settings settings;
    private final Store store;
    private final DirCursor srcCursor;
    private final DirCursor dstCursor;
    private final long srcDev;
    private final CloneTally tally;
    private final List<Pending> pending = new ArrayList<>();
    /** Where the first name of a guest-local hard-link group went in the new tree, by source inode. */
    private final Map<Long, Placed> groups = new HashMap<>();
    private ObjectIndex index;
    private boolean reflink;

    FileCloner(Settings settings, DirCursor srcCursor, DirCursor dstCursor, long srcDev, CloneTally tally) {
        this.settings = settings;
        this.store = settings.store();
        this.srcCursor = srcCursor;
        this.dstCursor = dstCursor;
        this.srcDev = srcDev;
        this.tally = tally;
        this.reflink = settings.reflink();
    }

    /** Whether FICLONE was still in use at the end (a filesystem may refuse it after all). */
    boolean reflinkUsed() {
        return reflink;
    }

    /** Notes a regular file for {@link #fill}. */
    void add(DirNode src, DirNode dst, byte[] name, boolean excluded) {
        pending.add(new Pending(src, dst, name, excluded));
    }

    /** Makes every noted file, in walk order. */
    void fill(ObjectIndex objects) throws OsException {
        this.index = objects;
        for (Pending p : pending) {
            fillGuarded(p);
        }
        pending.clear();
    }

    private void fillGuarded(Pending p) throws OsException {
        String path = p.src().childPath(p.name());
        try {
            int srcDir = srcCursor.open(p.src());
            FileStat st = fs.stat(srcDir, p.name(), tally.source(path));
            if (!st.isRegular()) {
                tally.problems.add(tally.source(path) + " is no longer a regular file; not copied");
                return;
            }
            if (settings.hostname() != null && (path.equals(MACHINE_ID) || path.equals(HOSTNAME))) {
                resetIdentityFile(p.dst(), srcDir, p.name(), path);
                return;
            }
            boolean grouped = st.nlink() > 1 && st.dev() == srcDev;
            if (grouped && linkToGroup(p.dst(), p.name(), st, path)) {
                return;
            }
            if (regular(p.dst(), srcDir, p.name(), st, p.excluded(), path) && grouped) {
                placed(st, p.dst(), p.name());
            }
        } catch (OsException ex) {
            if (Metadata.isFatal(ex)) {
                throw ex;
            }
            if (!ex.isVanished() || ex.getMessage().contains("replaced")) {
                tally.problems.add(ex.getMessage() + "; not copied");
            }
        }
    }

    /** Records where the first name of a hard-link group went. */
    void placed(FileStat st, DirNode dst, byte[] name) {
        groups.put(st.ino(), new Placed(dst, name));
    }

    /** Links a further name of a hard-link group to the group's new inode; false for a group's first name. */
    boolean linkToGroup(DirNode dst, byte[] name, FileStat st, String path) throws OsException {
        Placed first = groups.get(st.ino());
        if (first == null) {
            return false;
        }
        // An own descriptor: opening the second directory may close the cursor's first one.
        int from = fs.openDirectory(dstCursor.open(first.dir()), DOT, tally.copy(path));
        try {
            fs.link(from, first.name(), dstCursor.open(dst), name, tally.copy(path));
        } catch (OsException e) {
            if (e.errno() == Errno.EMLINK) {
                return false; // copied on its own: a group larger than the filesystem allows cannot stay one
            }
            throw e;
        } finally {
            fs.close(from);
        }
        tally.hardLinks++;
        return true;
    }

    private boolean isObjectToLink(FileStat st, boolean excluded) {
        return settings.linkObjects() && !excluded && st.dev() == store.device() && index.byInode(st.ino()) != null;
    }

    /** A regular file: the object linked, else cloned or copied; true when the new tree got an inode of its own. */
    private boolean regular(DirNode dst, int srcDir, byte[] name, FileStat st, boolean excluded, String path)
            throws OsException {
        if (isObjectToLink(st, excluded)) {
            ObjectRef obj = index.byInode(st.ino());
            if (linkThroughGuestName(srcDir, name, dstCursor.open(dst), st.ino(), path)
                    || linkObject(obj, dst, name, path)) {
                tally.linked++;
                tally.linkedBytes += st.size();
                return false;
            }
            tally.notes.add(tally.source(path) + ": store object " + store.describe(obj.name()) + " and its twins have "
                    + "reached the link limit; the clone got a copy");
        }
        int srcFd = fs.openForReading(srcDir, name, tally.source(path));
        try {
            FileStat open = fs.fstat(srcFd, tally.source(path));
            if (!open.isRegular() || !open.sameInode(st)) {
                tally.problems.add(tally.source(path) + " was replaced while being cloned; not copied");
                return false;
            }
            int dstDir = dstCursor.open(dst);
            int dstFd = fs.createExclusive(dstDir, name, 0600, tally.copy(path));
            boolean done = false;
            try {
                boolean shares = reflink && cloneInto(dstFd, srcFd, path);
                if (shares) {
                    tally.cloned++;
                    tally.clonedBytes += open.size();
                } else {
                    tally.copiedBytes += copier.copy(srcFd, dstFd, open.size(), tally.source(path));
                    tally.copied++;
                }
                FileStat after = fs.fstat(srcFd, tally.source(path));
                if (!after.sameFileUnchanged(open)) {
                    tally.notes.add(tally.source(path) + " changed while it was copied; the clone has the bytes that "
                            + "were read");
                }
                metadata.copyToOpen(after, fs.xattrs(srcFd, tally.source(path)), dstFd, tally.copy(path),
                        tally.problems);
                DedupeRecord ref = settings.sourceRefs().get(open.ino());
                if (shares && ref != null && ref.matches(open)) {
                    tally.newRefs.add(DedupeRecord.of(ref.object(), fs.fstat(dstFd, tally.copy(path)), path));
                }
                done = true;
                return true;
            } finally {
                fs.close(dstFd);
                if (!done) {
                    unlinkQuietly(dstDir, name);
                }
            }
        } finally {
            fs.close(srcFd);
        }
    }

    /** FICLONE; false (and the caller copies) where this file or this filesystem cannot share extents. */
    private boolean cloneInto(int dstFd, int srcFd, String path) throws OsException {
        try {
            fs.cloneFile(dstFd, srcFd, tally.copy(path));
            return true;
        } catch (OsException e) {
            int n = e.errno();
            if (n == Errno.EOPNOTSUPP || n == Errno.EXDEV || n == ENOTTY) {
                reflink = false;
                tally.notes.add("FICLONE stopped working (" + e.getMessage() + "); the rest was copied");
                return false;
            }
            if (n == Errno.EINVAL || n == Errno.EPERM || n == Errno.EACCES) {
                return false; // this file only (swap file, nodatacow, append-only)
            }
            throw e;
        }
    }

    /**
     * The quick way to link an object: through the guest's own name, which stat has just shown to be
     * the object's inode, then checked on the new name, since a guest may swap its file meanwhile.
     * False, leaving nothing behind, when the new name is some other inode or the link fails.
     */
    private boolean linkThroughGuestName(int srcDir, byte[] name, int dstDir, long objIno, String path)
            throws OsException {
        try {
            fs.link(srcDir, name, dstDir, name, tally.copy(path));
        } catch (OsException e) {
            if (Metadata.isFatal(e)) {
                throw e;
            }
            return false; // frozen (EPERM), at the link limit, or gone: the store's name decides
        }
        FileStat linked = fs.stat(dstDir, name, tally.copy(path));
        if (linked.isRegular() && linked.ino() == objIno && linked.dev() == store.device()) {
            return true;
        }
        fs.unlink(dstDir, name, tally.copy(path));
        return false;
    }

    /**
     * Links the object by its store name, or a twin with the same identity when it has reached the
     * link limit; an object frozen with {@code FS_IMMUTABLE_FL} is thawed for the moment of the link.
     */
    private boolean linkObject(ObjectRef obj, DirNode dst, byte[] name, String path) throws OsException {
        LinkedHashSet<ObjectRef> candidates = new LinkedHashSet<>();
        candidates.add(obj);
        boolean twinsAdded = false;
        while (!candidates.isEmpty()) {
            ObjectRef c = candidates.iterator().next();
            candidates.remove(c);
            int linked = linkStoreName(c, dst, name, path);
            if (linked > 0) {
                return true;
            }
            if (linked < 0 && !twinsAdded) {
                twinsAdded = true; // at the link limit: a twin takes the link
                index.twins(obj.name()).stream().filter(t -> !t.equals(obj)).forEach(candidates::add);
            }
        }
        return false;
    }

    /** 1 linked, -1 at the link limit, 0 the object is gone. */
    private int linkStoreName(ObjectRef c, DirNode dst, byte[] name, String path) throws OsException {
        try {
            int objDir = store.objectDirectory(c.name());
            if (objDir < 0) {
                return 0;
            }
            int dstDir = dstCursor.open(dst);
            try {
                fs.link(objDir, c.name().fileNameBytes(), dstDir, name, tally.copy(path));
                return 1;
            } catch (OsException e) {
                if (e.errno() == Errno.EMLINK) {
                    return -1;
                }
                if (e.errno() == Errno.ENOENT) {
                    return 0;
                }
                if (e.errno() != Errno.EPERM) {
                    throw e;
                }
                // A frozen object takes no new link: thawed for this one, frozen again after.
                Freezer.Result thawed = Freezer.thaw(store, List.of(c));
                if (thawed.changed() == 0) {
                    throw e;
                }
                try {
                    fs.link(objDir, c.name().fileNameBytes(), dstDir, name, tally.copy(path));
                    return 1;
                } finally {
                    tally.problems.addAll(Freezer.freeze(store, List.of(c)).problems());
                }
            }
        } catch (OsException e) {
            throw e;
        } catch (IOException e) {
            throw new OsException("linkat", Errno.EIO, store.describe(c.name()) + ": " + e.getMessage());
        }
    }

    /** /etc/machine-id becomes empty and /etc/hostname names the new guest; owner, mode, times stay. */
    private void resetIdentityFile(DirNode dst, int srcDir, byte[] name, String path) throws OsException {
        boolean machineId = path.equals(MACHINE_ID);
        byte[] content = machineId ? new byte[0] : (settings.hostname() + "\n").getBytes(StandardCharsets.US_ASCII);
        int srcFd = fs.openForReading(srcDir, name, tally.source(path));
        try {
            FileStat st = fs.fstat(srcFd, tally.source(path));
            int dstFd = fs.createExclusive(dstCursor.open(dst), name, 0600, tally.copy(path));
            try {
                fs.writeFully(dstFd, content, content.length, tally.copy(path));
                metadata.copyToOpen(st, fs.xattrs(srcFd, tally.source(path)), dstFd, tally.copy(path), tally.problems);
            } finally {
                fs.close(dstFd);
            }
        } finally {
            fs.close(srcFd);
        }
        tally.copied++;
        tally.copiedBytes += content.length;
        if (machineId) {
            tally.machineIdSeen = true;
            tally.identity.add(MACHINE_ID + " emptied (the new guest makes its own at first boot)");
        } else {
            tally.hostnameSeen = true;
            tally.identity.add(HOSTNAME + " set to " + settings.hostname());
        }
    }

    /** A guest without /etc/hostname gets one: mode 0644, owned by whoever runs the clone (root). */
    void createHostname(int etcFd) throws OsException {
        byte[] name = "hostname".getBytes(StandardCharsets.US_ASCII);
        byte[] content = (settings.hostname() + "\n").getBytes(StandardCharsets.US_ASCII);
        int fd = fs.createExclusive(etcFd, name, 0644, tally.copy(HOSTNAME));
        try {
            fs.writeFully(fd, content, content.length, tally.copy(HOSTNAME));
            fs.chmod(fd, 0644, tally.copy(HOSTNAME));
        } finally {
            fs.close(fd);
        }
        tally.hostnameSeen = true;
        tally.identity.add(HOSTNAME + " created with " + settings.hostname());
    }

    private void unlinkQuietly(int dirFd, byte[] name) {
        try {
            fs.unlink(dirFd, name, "clone " + tally.target);
        } catch (OsException ignored) {
            // the partial file goes with the whole clone, which is removed on failure
        }
    }
}
