package org.hashify.kernel.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.hashify.kernel.engine.Freezer;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.DedupeRecord;
import org.hashify.kernel.store.DedupeRefs;
import org.hashify.kernel.store.ObjectRef;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.DirCursor;
import org.hashify.kernel.walk.FileEntry;
import org.hashify.kernel.walk.GuestWalker;

/**
 * Gives guests private copies of every file they share with the store (before moving a guest to
 * another filesystem, or backing it up alone), one object at a time and atomically per path.
 *
 * <p>For each object a guest links, a private copy is written beside the first of its paths (the
 * bytes, then owner, attributes, mode and times) as an unnamed file (O_TMPFILE), given a temporary
 * name only when complete (so no kill can leave a half-written copy), and exchanged with the path
 * only if the path still names the object; every other path of the guest that names the same
 * object gets a link to the same copy the same way, so hard-link groups stay groups. Directories
 * get their modification times back. A frozen object ({@code FS_IMMUTABLE_FL}) is thawed while its
 * paths are replaced and frozen again after. A run killed half-way leaves each path either linked
 * or private, and at most one temporary copy, which the next {@code hashify run} removes.
 *
 * <p>In hardlink mode a guest's shared files are the paths whose inode is an object. In dedupe mode
 * they are the files the store's records say share an object's extents ({@link DedupeRefs}); their
 * copies are written byte by byte, never cloned, and their records are dropped.
 */
public final class Splitter {
    /** A guest to split: its name for messages and its root. */
    public record Guest(String name, Path root) {
        public Guest {
            Objects.requireNonNull(name, "name");
            root = root.toAbsolutePath().normalize();
        }
    }

    /** Bytes kept free on top of the copies, and a further hundredth of them. */
    static final long MARGIN_BYTES = 1L << 20;

    private enum Outcome { DONE, CHANGED }

    private final LinuxFs fs = LinuxFs.get();
    private final Metadata metadata = new Metadata();
    private final ContentCopier copier = ContentCopier.privateCopy();
    private final SecureRandom random = new SecureRandom();
    private final Store store;
    private ObjectIndex index;
    private boolean exchangeSupported = true;
    /** Whether O_TMPFILE works here; null until tried. */
    private Boolean unnamedCopies;
    private Consumer<FileEntry> beforeReplace = e -> { };

    public Splitter(Store store) {
        this.store = store;
    }

    /** Tests use this to change a path between its copy and its replacement. */
    void beforeReplace(Consumer<FileEntry> hook) {
        this.beforeReplace = hook;
    }

    /** Finds what each guest shares and checks the space its copies need; changes nothing. */
    public SplitPlan plan(List<Guest> guests) throws IOException {
        index = store.index();
        List<SplitPlan.GuestPlan> plans = new ArrayList<>();
        Map<SplitPlan.GuestPlan, SplitPlan.Target> targets = new IdentityHashMap<>();
        Map<Long, List<SplitPlan.GuestPlan>> byDevice = new LinkedHashMap<>();
        Map<Long, Long> neededByDevice = new LinkedHashMap<>();
        Map<Long, Path> rootByDevice = new LinkedHashMap<>();
        for (Guest g : guests) {
            int rootFd = fs.openDirectoryPath(g.root(), "guest " + g.name() + ": root " + g.root());
            try {
                boolean sameFs = fs.fstat(rootFd, g.root().toString()).dev() == store.device();
                Map<Long, DedupeRecord> refs = sameFs ? DedupeRefs.read(store, g.root()) : Map.of();
                SharedFileScan.Result scan = SharedFileScan.scan(g.name(), rootFd,
                        ino -> sameFs && (index.byInode(ino) != null || refs.containsKey(ino)));
                long block = blockSize(g.root());
                long bytes = 0;
                long rounded = 0;
                for (List<FileEntry> names : scan.byObject().values()) {
                    long size = names.get(0).stat().size();
                    bytes += size;
                    rounded += (size + block - 1) / block * block;
                }
                SplitPlan.GuestPlan plan = new SplitPlan.GuestPlan(g.name(), g.root().toString(), scan.paths(),
                        scan.byObject().size(), bytes, scan.problems());
                plans.add(plan);
                targets.put(plan, new SplitPlan.Target(g, scan.root().dev(), scan.root().ino(), scan.byObject(), refs));
                long dev = scan.root().dev();
                byDevice.computeIfAbsent(dev, k -> new ArrayList<>()).add(plan);
                neededByDevice.merge(dev, rounded, Long::sum);
                rootByDevice.putIfAbsent(dev, g.root());
            } finally {
                fs.close(rootFd);
            }
        }
        List<SplitPlan.SpaceCheck> space = new ArrayList<>();
        for (Map.Entry<Long, List<SplitPlan.GuestPlan>> e : byDevice.entrySet()) {
            long needed = neededByDevice.get(e.getKey());
            FileStore fileStore = Files.getFileStore(rootByDevice.get(e.getKey()));
            space.add(new SplitPlan.SpaceCheck(fileStore.toString(), e.getValue().stream().map(p -> p.name()).toList(),
                    needed, MARGIN_BYTES + needed / 100, fileStore.getUsableSpace()));
        }
        return new SplitPlan(plans, space, targets);
    }

    private static long blockSize(Path root) {
        try {
            long b = Files.getFileStore(root).getBlockSize();
            return b > 0 ? b : 4096;
        } catch (IOException | UnsupportedOperationException e) {
            return 4096;
        }
    }

    /**
     * Splits the planned guests.
     *
     * @throws InsufficientSpaceException when the copies would not fit; nothing was changed
     */
    public SplitReport split(SplitPlan plan, boolean dryRun) throws InsufficientSpaceException, IOException {
        long start = System.nanoTime();
        if (!plan.shortages().isEmpty()) {
            throw new InsufficientSpaceException(plan.shortages());
        }
        if (index == null) {
            index = store.index();
        }
        List<SplitReport.GuestResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SplitPlan.GuestPlan g : plan.guests()) {
            problems.addAll(g.problems());
            GuestProgress p = new GuestProgress();
            SplitPlan.Target t = plan.target(g);
            if (dryRun) {
                p.splitPaths = g.sharedPaths();
                p.splitInodes = g.sharedInodes();
                p.bytesCopied = g.sharedBytes();
            } else {
                try {
                    splitGuest(t, p);
                } catch (OsException e) {
                    if (Metadata.isFatal(e)) {
                        throw e;
                    }
                    p.failure = e.getMessage();
                } finally {
                    forgetDedupeRefs(t, p);
                }
            }
            problems.addAll(p.problems);
            if (p.failure != null) {
                problems.add(p.failure + "; guest " + g.name() + " not split");
            }
            results.add(new SplitReport.GuestResult(g.name(), g.root(), g.sharedPaths(), g.sharedInodes(),
                    g.sharedBytes(), p.splitPaths, p.splitInodes, p.bytesCopied, p.skippedPaths, p.thawed, p.failure));
        }
        return new SplitReport(dryRun, plan.space(), results, (System.nanoTime() - start) / 1_000_000, problems);
    }

    private static final class GuestProgress {
        long splitPaths;
        long splitInodes;
        long bytesCopied;
        long skippedPaths;
        long thawed;
        String failure;
        final List<String> problems = new ArrayList<>();
        final java.util.Set<Long> splitInos = new java.util.HashSet<>();
    }

    /** In dedupe mode, the split inodes no longer share an object's extents: their records go. */
    private void forgetDedupeRefs(SplitPlan.Target t, GuestProgress p) {
        if (t.dedupeRefs().isEmpty() || p.splitInos.isEmpty()) {
            return;
        }
        List<DedupeRecord> kept = t.dedupeRefs().values().stream().filter(r -> !p.splitInos.contains(r.ino())).toList();
        try {
            DedupeRefs.write(store, t.guest().root(), kept);
        } catch (IOException e) {
            p.problems.add("Cannot update the dedupe records of guest " + t.guest().name() + " in " + store.root() + ": "
                    + e.getMessage() + "; 'hashify status' counts its split files as shared until its next run");
        }
    }

    private void splitGuest(SplitPlan.Target t, GuestProgress p) throws OsException {
        Guest g = t.guest();
        int rootFd = fs.openDirectoryPath(g.root(), "guest " + g.name() + ": root " + g.root());
        try {
            FileStat root = fs.fstat(rootFd, "guest " + g.name());
            if (root.dev() != t.dev() || root.ino() != t.ino()) {
                throw new OsException("openat", Errno.ENOENT, "guest " + g.name() + ": root " + g.root()
                        + " was replaced since it was scanned");
            }
            try (DirCursor cursor = new DirCursor(rootFd, g.name())) {
                for (Map.Entry<Long, List<FileEntry>> e : t.byObject().entrySet()) {
                    splitObject(cursor, g, e.getKey(), e.getValue(), p);
                }
            }
        } finally {
            fs.close(rootFd);
        }
    }

    /** All of a guest's paths of one object onto one private copy; a frozen object is thawed meanwhile. */
    private void splitObject(DirCursor cursor, Guest g, long objIno, List<FileEntry> names, GuestProgress p)
            throws OsException {
        ObjectRef obj = index.byInode(objIno);
        boolean thawed = false;
        if (obj != null) {
            // A frozen object's names can be neither renamed over nor unlinked; a failed thaw shows as EPERM below.
            Freezer.Result r = Freezer.thaw(store, List.of(obj));
            p.problems.addAll(r.problems());
            thawed = r.changed() > 0;
            if (thawed) {
                p.thawed++;
            }
        }
        try {
            if (splitNames(cursor, g, objIno, names, p)) {
                p.splitInos.add(objIno);
            }
        } catch (OsException e) {
            if (Metadata.isFatal(e)) {
                throw e;
            }
            p.skippedPaths += names.size();
            p.problems.add(e.getMessage() + "; left shared");
        } finally {
            if (thawed) {
                p.problems.addAll(Freezer.freeze(store, List.of(obj)).problems());
            }
        }
    }

    /** True when the first path (and so the inode's extents) went private. */
    private boolean splitNames(DirCursor cursor, Guest g, long objIno, List<FileEntry> names, GuestProgress p)
            throws OsException {
        FileEntry leader = names.get(0);
        String what = "guest " + g.name() + ": " + leader;
        int dirFd = cursor.open(leader.dir());
        FileStat dirStat = fs.fstat(dirFd, what);
        int srcFd = fs.openForReading(dirFd, leader.name(), what);
        try {
            FileStat st = fs.fstat(srcFd, what);
            if (!st.isRegular() || st.ino() != objIno || st.dev() != store.device()) {
                p.skippedPaths += names.size();
                p.problems.add(what + " changed since it was scanned; left as it is");
                return false;
            }
            byte[] tmp = tempName();
            int copyFd = createCopy(dirFd, tmp, what);
            boolean named = unnamedCopies == Boolean.FALSE;
            boolean placed = false;
            try {
                long bytes = copier.copy(srcFd, copyFd, st.size(), what);
                List<String> metaProblems = new ArrayList<>();
                metadata.copyToOpen(st, fs.xattrs(srcFd, what), copyFd, what, metaProblems);
                if (!metaProblems.isEmpty()) {
                    p.skippedPaths += names.size();
                    p.problems.addAll(metaProblems);
                    p.problems.add(what + " left shared: its copy would not look the same");
                    return false;
                }
                if (!named) {
                    // complete, with the file's identity: a name left by a kill from here on is a copy the next run removes
                    fs.linkOpenFile(copyFd, dirFd, tmp, what);
                    named = true;
                }
                beforeReplace.accept(leader);
                Outcome o = replace(dirFd, tmp, leader.name(), objIno, srcFd, st, what);
                restoreMtime(dirFd, dirStat, what, p);
                if (o != Outcome.DONE) {
                    p.skippedPaths += names.size();
                    p.problems.add(what + " changed while it was being split; left as the guest made it");
                    return false;
                }
                placed = true;
                p.splitPaths++;
                p.splitInodes++;
                p.bytesCopied += bytes;
                for (FileEntry other : names.subList(1, names.size())) {
                    try {
                        linkOther(cursor, g, other, copyFd, objIno, srcFd, st, p);
                    } catch (OsException e) {
                        if (Metadata.isFatal(e)) {
                            throw e;
                        }
                        p.skippedPaths++;
                        p.problems.add(e.getMessage() + "; left shared (its hard-link group is split)");
                    }
                }
                return true;
            } finally {
                fs.close(copyFd);
                if (!placed && named) {
                    unlinkQuietly(dirFd, tmp);
                }
            }
        } finally {
            fs.close(srcFd);
        }
    }

    /**
     * Opens the private copy to be written: unnamed (O_TMPFILE) where the filesystem allows, so that
     * a kill while it is incomplete leaves nothing; else created under the temporary name.
     */
    private int createCopy(int dirFd, byte[] tmp, String what) throws OsException {
        if (unnamedCopies != Boolean.FALSE) {
            try {
                int fd = fs.createUnnamed(dirFd, 0600, what);
                unnamedCopies = Boolean.TRUE;
                return fd;
            } catch (OsException e) {
                if (e.errno() != Errno.EOPNOTSUPP && e.errno() != Errno.EISDIR && e.errno() != Errno.EINVAL) {
                    throw e;
                }
                unnamedCopies = Boolean.FALSE;
            }
        }
        return fs.createExclusive(dirFd, tmp, 0600, what);
    }

    /** Another path of the same object: linked to the copy, exchanged the same way. */
    private void linkOther(DirCursor cursor, Guest g, FileEntry e, int copyFd, long objIno, int srcFd, FileStat st,
            GuestProgress p) throws OsException {
        String what = "guest " + g.name() + ": " + e;
        int dirFd = cursor.open(e.dir());
        FileStat dirStat = fs.fstat(dirFd, what);
        byte[] tmp = tempName();
        fs.linkOpenFile(copyFd, dirFd, tmp, what);
        Outcome o;
        try {
            beforeReplace.accept(e);
            o = replace(dirFd, tmp, e.name(), objIno, srcFd, st, what);
        } catch (OsException ex) {
            unlinkQuietly(dirFd, tmp);
            throw ex;
        }
        if (o != Outcome.DONE) {
            unlinkQuietly(dirFd, tmp);
            p.skippedPaths++;
            p.problems.add(what + " changed while it was being split; left as the guest made it (its hard-link "
                    + "group is split)");
        } else {
            p.splitPaths++;
        }
        restoreMtime(dirFd, dirStat, what, p);
    }

    /**
     * Puts the copy named {@code tmp} in place of {@code name} if {@code name} still is the object
     * and the object is unchanged; the object's old name is then gone. On CHANGED the copy still
     * has the temporary name.
     */
    private Outcome replace(int dirFd, byte[] tmp, byte[] name, long objIno, int srcFd, FileStat st, String what)
            throws OsException {
        FileStat current;
        try {
            current = fs.stat(dirFd, name, what);
        } catch (OsException e) {
            if (e.isVanished()) {
                return Outcome.CHANGED;
            }
            throw e;
        }
        if (!current.isRegular() || current.ino() != objIno) {
            return Outcome.CHANGED;
        }
        if (exchangeSupported) {
            try {
                fs.rename(dirFd, tmp, dirFd, name, LinuxFs.RENAME_EXCHANGE, what);
                FileStat old = fs.stat(dirFd, tmp, what);
                if (old.ino() != objIno || !fs.fstat(srcFd, what).sameContentStamp(st)) {
                    // Replaced or written to between the check and the exchange: the guest's file goes back.
                    fs.rename(dirFd, tmp, dirFd, name, LinuxFs.RENAME_EXCHANGE, what);
                    return Outcome.CHANGED;
                }
                fs.unlink(dirFd, tmp, what);
                return Outcome.DONE;
            } catch (OsException e) {
                if (e.errno() != Errno.EINVAL && e.errno() != Errno.EOPNOTSUPP && e.errno() != Errno.ENOSYS) {
                    throw e;
                }
                exchangeSupported = false; // a plain rename is still atomic, the window is only larger
            }
        }
        if (!fs.fstat(srcFd, what).sameContentStamp(st)) {
            return Outcome.CHANGED;
        }
        fs.rename(dirFd, tmp, dirFd, name, 0, what);
        return Outcome.DONE;
    }

    private void restoreMtime(int dirFd, FileStat dirStat, String what, GuestProgress p) {
        try {
            fs.setModificationTime(dirFd, dirStat.mtimeSec(), dirStat.mtimeNsec(), what);
        } catch (OsException e) {
            p.problems.add(e.getMessage() + "; the directory's modification time changed");
        }
    }

    private void unlinkQuietly(int dirFd, byte[] name) {
        try {
            fs.unlink(dirFd, name, "temporary copy");
        } catch (OsException ignored) {
            // a temporary name left behind is removed by the next hashify run
        }
    }

    /** The temporary names hashify run recognises and cleans up after a killed run. */
    private byte[] tempName() {
        byte[] r = new byte[8];
        random.nextBytes(r);
        return (GuestWalker.TEMP_PREFIX + HexFormat.of().formatHex(r) + GuestWalker.TEMP_SUFFIX)
                .getBytes(StandardCharsets.US_ASCII);
    }
}
