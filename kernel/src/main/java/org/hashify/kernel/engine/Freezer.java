package org.hashify.kernel.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.ObjectName;
import org.hashify.kernel.store.ObjectRef;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.store.StoreException;
import org.hashify.kernel.walk.FileEntry;

/**
 * Sets and clears {@code FS_IMMUTABLE_FL} on store objects: hardlink mode with {@code --immutable},
 * where no guest can write into a shared file.
 *
 * <p>On mainline Linux the flag also forbids new links to the inode and the unlink or rename of any
 * of its names. So a guest file is linked to a frozen object with the object thawed for just that
 * moment: thaw, link, freeze ("link first, set the flag after"). A crash inside that moment leaves
 * the object thawed, never lost; the next run on a store in immutable use freezes every object it
 * finds thawed ({@link #freezeAll}).
 *
 * <p>The static methods are the API for commands (thaw, freeze, restore-flags, pkg, clone, split);
 * call them with the store opened for writing, so no run links objects meanwhile.
 */
public final class Freezer {
    private static final int IMMUTABLE = LinuxFs.FS_IMMUTABLE_FL;
    private static final int ENOTTY = 25;
    private static final int CAP_LINUX_IMMUTABLE = 9;

    /**
     * What a freeze or thaw did.
     *
     * @param changed objects whose flag was set (freeze) or cleared (thaw)
     * @param unchanged objects that already were as asked
     * @param problems one line per object that could not be changed, naming it
     */
    public record Result(long changed, long unchanged, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean clean() {
            return problems.isEmpty();
        }
    }

    /** Linking work done while an object is thawed. */
    @FunctionalInterface
    interface Linking<T> {
        T link() throws OsException;
    }

    private final LinuxFs fs = LinuxFs.get();
    private final Store store;
    private final boolean immutable;
    private final Consumer<String> problems;

    /**
     * A freezer for one run.
     *
     * @param immutable whether objects are frozen once linked (the store is in immutable use); a
     *     frozen object is thawed for a link and frozen again either way
     */
    Freezer(Store store, boolean immutable, Consumer<String> problems) {
        this.store = store;
        this.immutable = immutable;
        this.problems = problems;
    }

    boolean immutable() {
        return immutable;
    }

    /**
     * Runs {@code linking} (links to {@code obj}, renames of them) with the object thawed if it is
     * frozen; afterwards it is frozen if it was, or if the store is in immutable use.
     */
    <T> T whileLinking(ObjectRef obj, Linking<T> linking) throws OsException {
        String what = store.describe(obj.name());
        int fd = openObject(obj.name());
        try {
            int flags = flagsOrUnsupported(fd, what);
            boolean frozen = flags != -1 && (flags & IMMUTABLE) != 0;
            if (frozen) {
                fs.setFlags(fd, flags & ~IMMUTABLE, what);
            }
            try {
                return linking.link();
            } finally {
                if (frozen || immutable) {
                    freezeReporting(fd, what);
                }
            }
        } finally {
            fs.close(fd);
        }
    }

    /** Freezes a new object, open as {@code fd}, when the store is in immutable use. */
    void frozen(int fd, String what) {
        if (immutable) {
            freezeReporting(fd, what);
        }
    }

    /** Thaws the open file {@code fd} if it is frozen; before a name of it is removed. */
    void thawed(int fd, String what) throws OsException {
        int flags = flagsOrUnsupported(fd, what);
        if (flags != -1 && (flags & IMMUTABLE) != 0) {
            fs.setFlags(fd, flags & ~IMMUTABLE, what);
        }
    }

    /**
     * Removes one name of an inode that may be frozen: thawed for the unlink, and frozen again
     * when other names keep it alive.
     */
    void unlink(int dirFd, byte[] name, String what) throws OsException {
        try {
            fs.unlink(dirFd, name, what);
            return;
        } catch (OsException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
        }
        int fd = fs.openForReading(dirFd, name, what);
        try {
            int flags = fs.flags(fd, what);
            if ((flags & IMMUTABLE) == 0) {
                throw new OsException("unlinkat", Errno.EPERM, what);
            }
            fs.setFlags(fd, flags & ~IMMUTABLE, what);
            try {
                fs.unlink(dirFd, name, what);
            } finally {
                if (fs.fstat(fd, what).nlink() > 0) {
                    fs.setFlags(fd, flags, what);
                }
            }
        } finally {
            fs.close(fd);
        }
    }

    /** Freezes every object of the store that is thawed, reporting each failure; the count frozen. */
    long sweep() throws IOException {
        Result r = freezeAll(store);
        r.problems().forEach(problems);
        return r.changed();
    }

    private void freezeReporting(int fd, String what) {
        try {
            int flags = fs.flags(fd, what);
            if ((flags & IMMUTABLE) == 0) {
                fs.setFlags(fd, flags | IMMUTABLE, what);
            }
        } catch (OsException e) {
            problems.accept("Cannot freeze " + e.getMessage() + "; it stays writable for every guest that shares it "
                    + "until the next run freezes it");
        }
    }

    private int flagsOrUnsupported(int fd, String what) throws OsException {
        try {
            return fs.flags(fd, what);
        } catch (OsException e) {
            if (unsupported(e)) {
                return -1;
            }
            throw e;
        }
    }

    private int openObject(ObjectName name) throws OsException {
        try {
            return store.openObject(name);
        } catch (OsException e) {
            throw e;
        } catch (IOException e) {
            throw new OsException("openat", Errno.EIO, store.describe(name) + ": " + e.getMessage());
        }
    }

    private static boolean unsupported(OsException e) {
        return e.errno() == ENOTTY || e.errno() == Errno.EOPNOTSUPP || e.errno() == Errno.EINVAL;
    }

    // ---- the API for commands ----

    /** Sets the immutable flag on each object; objects that vanished meanwhile are skipped. */
    public static Result freeze(Store store, Collection<ObjectRef> objects) {
        return change(store, objects, true);
    }

    /** Clears the immutable flag on each object, so guests and package managers may write and replace them. */
    public static Result thaw(Store store, Collection<ObjectRef> objects) {
        return change(store, objects, false);
    }

    /** Sets the immutable flag on every object of the store (after a restore from a backup, or a crash). */
    public static Result freezeAll(Store store) throws IOException {
        List<ObjectRef> all = new ArrayList<>();
        for (Store.StoredObject o : store.listObjects()) {
            all.add(o.ref());
        }
        return freeze(store, all);
    }

    /** How many objects of the store carry the immutable flag; reads flags only. */
    public static long countFrozen(Store store) throws IOException {
        LinuxFs fs = LinuxFs.get();
        long frozen = 0;
        for (Store.StoredObject o : store.listObjects()) {
            int fd;
            try {
                fd = store.openObject(o.name());
            } catch (OsException e) {
                if (e.errno() == Errno.ENOENT) {
                    continue;
                }
                throw e;
            }
            try {
                if ((fs.flags(fd, store.describe(o.name())) & IMMUTABLE) != 0) {
                    frozen++;
                }
            } catch (OsException e) {
                if (unsupported(e)) {
                    return 0;
                }
                throw e;
            } finally {
                fs.close(fd);
            }
        }
        return frozen;
    }

    /**
     * The objects a guest uses: the store objects that are the inodes of its regular files. A guest
     * on another filesystem than the store uses none. Files that cannot be read are reported to
     * {@code problems}, one line each, and left out.
     */
    public static Set<ObjectRef> objectsOf(Store store, ObjectIndex index, String guest, Path root,
            Consumer<String> problems) throws OsException {
        GuestScan.Result scan = GuestScan.scan(guest, root, ino -> index.byInode(ino) != null);
        scan.problems().forEach(problems);
        Set<ObjectRef> used = new LinkedHashSet<>();
        if (scan.dev() != store.device()) {
            return used;
        }
        for (FileEntry e : scan.objectLinks()) {
            ObjectRef ref = index.byInode(e.stat().ino());
            if (ref != null) {
                used.add(ref);
            }
        }
        return used;
    }

    /**
     * Checks that the store's filesystem keeps the immutable flag and that this process may set it
     * (CAP_LINUX_IMMUTABLE), before a store is put in immutable use.
     */
    public static void checkSupported(Store store) throws StoreException {
        LinuxFs fs = LinuxFs.get();
        try {
            int fd = fs.openDirectoryPath(store.root(), "store " + store.root());
            try {
                fs.flags(fd, "store " + store.root());
            } finally {
                fs.close(fd);
            }
        } catch (OsException e) {
            if (unsupported(e)) {
                throw new StoreException("Store " + store.root() + " is on a filesystem without the immutable flag "
                        + "(FS_IOC_GETFLAGS is not supported); run without --immutable, or use a store on ext4, XFS or "
                        + "btrfs.", e);
            }
            throw new StoreException("Cannot read the flags of store " + store.root() + ": " + e.getMessage(), e);
        }
        if (!hasCapability(CAP_LINUX_IMMUTABLE)) {
            throw new StoreException("Setting the immutable flag needs CAP_LINUX_IMMUTABLE, which this process lacks; "
                    + "run hashify as root.");
        }
    }

    private static boolean hasCapability(int cap) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (caps & (1L << cap)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // without /proc, let the first ioctl tell
        }
        return true;
    }

    private static Result change(Store store, Collection<ObjectRef> objects, boolean freeze) {
        if (store.isReadOnly()) {
            throw new IllegalStateException("store " + store.root() + " was opened read-only; open it for writing to "
                    + (freeze ? "freeze" : "thaw") + " objects");
        }
        LinuxFs fs = LinuxFs.get();
        long changed = 0;
        long unchanged = 0;
        List<String> problems = new ArrayList<>();
        for (ObjectRef obj : objects) {
            String what = store.describe(obj.name());
            int fd;
            try {
                fd = store.openObject(obj.name());
            } catch (OsException e) {
                if (e.errno() != Errno.ENOENT) {
                    problems.add(e.getMessage());
                }
                continue; // removed by gc meanwhile: nothing to freeze or thaw
            } catch (IOException e) {
                problems.add(what + ": " + e.getMessage());
                continue;
            }
            try {
                FileStat st = fs.fstat(fd, what);
                if (!st.isRegular()) {
                    continue;
                }
                int flags = fs.flags(fd, what);
                int wanted = freeze ? flags | IMMUTABLE : flags & ~IMMUTABLE;
                if (wanted == flags) {
                    unchanged++;
                } else {
                    fs.setFlags(fd, wanted, what);
                    changed++;
                }
            } catch (OsException e) {
                problems.add("Cannot " + (freeze ? "freeze " : "thaw ") + e.getMessage()
                        + (unsupported(e) ? "; the store's filesystem does not keep the immutable flag"
                        : e.errno() == Errno.EPERM ? "; setting or clearing the immutable flag needs root" : ""));
            } finally {
                fs.close(fd);
            }
        }
        return new Result(changed, unchanged, problems);
    }
}
