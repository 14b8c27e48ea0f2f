package org.hashify.kernel.ops;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import org.hashify.kernel.os.DirEntry;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.DirCursor;
import org.hashify.kernel.walk.DirNode;
import org.hashify.kernel.walk.ExcludeList;

/**
 * Recreates one guest tree under a new root in three passes: first the directories, symbolic
 * links, device nodes and FIFOs (while the store's index is still being read), then the regular
 * files ({@link FileCloner}), last each directory's own metadata, deepest first, so that its times
 * are set once nothing changes inside it any more.
 *
 * <p>Both trees are reached only through directory descriptors opened one component at a time with
 * {@code O_NOFOLLOW} ({@link DirCursor}), and every source entry is examined with {@code statx}
 * without following it, so a guest that swaps a directory for a symlink mid-clone makes that part
 * fail instead of reaching a host file. The walk is iterative: depth costs memory, not stack.
 * Reading a symbolic link's target may move its access time in the source (there is no O_NOATIME
 * for it, and cp -a does the same); the clone gets the time stat saw first.
 */
final class CloneWalk {
    private static final String ETC = "/etc";
    private static final int S_IFMT = FileStat.S_IFMT;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private final LinuxFs fs = LinuxFs.get();
    private final Metadata metadata = new Metadata();
    private final ExcludeList excludes;
    private final CloneTally tally;
    private final FileCloner.Settings settings;
    private final CompletableFuture<ObjectIndex> index;

    /** A directory being recreated: its source stat and attributes, and the entries still to do. */
    private static final class Frame {
        final DirNode src;
        final DirNode dst;
        final FileStat stat;
        final SortedMap<String, byte[]> xattrs;
        List<DirEntry> entries;
        final int match;
        int next;

        Frame(DirNode src, DirNode dst, FileStat stat, SortedMap<String, byte[]> xattrs, List<DirEntry> entries,
                int match) {
            this.src = src;
            this.dst = dst;
            this.stat = stat;
            this.xattrs = xattrs;
            this.entries = entries;
            this.match = match;
        }
    }

    /** @param index the store's objects by inode, still being read while the first pass runs */
    CloneWalk(ExcludeList excludes, FileCloner.Settings settings, CompletableFuture<ObjectIndex> index,
            CloneTally tally) {
        this.excludes = excludes;
        this.settings = settings;
        this.index = index;
        this.tally = tally;
    }

    /** Recreates the tree of {@code srcRootFd} in the empty directory {@code dstRootFd}. */
    void run(int srcRootFd, int dstRootFd) throws IOException {
        FileStat srcRoot = fs.fstat(srcRootFd, tally.source("/"));
        FileStat dstRoot = fs.fstat(dstRootFd, tally.copy("/"));
        DirNode src = DirNode.root(srcRoot.dev(), srcRoot.ino());
        DirNode dst = DirNode.root(dstRoot.dev(), dstRoot.ino());
        try (DirCursor srcCursor = new DirCursor(srcRootFd, tally.guestName);
                DirCursor dstCursor = new DirCursor(dstRootFd, "clone " + tally.target)) {
            FileCloner files = new FileCloner(settings, srcCursor, dstCursor, srcRoot.dev(), tally);
            List<Frame> done = new ArrayList<>();
            Deque<Frame> stack = new ArrayDeque<>();
            stack.push(new Frame(src, dst, srcRoot, fs.xattrs(srcRootFd, tally.source("/")),
                    fs.list(srcRootFd, tally.source("/")), excludes.ruleCount()));
            tally.directories++;
            while (!stack.isEmpty()) {
                Frame f = stack.peek();
                if (f.next < f.entries.size()) {
                    Frame child = visitGuarded(f, f.entries.get(f.next++), srcCursor, dstCursor, files);
                    if (child != null) {
                        stack.push(child);
                    }
                } else {
                    stack.pop();
                    f.entries = null;
                    done.add(f); // children before their parents
                }
            }
            files.fill(join(index));
            tally.reflink = files.reflinkUsed();
            for (Frame f : done) {
                finishGuarded(f, dstCursor, files);
            }
        }
        tally.summarize(settings.hostname() != null);
    }

    private static ObjectIndex join(CompletableFuture<ObjectIndex> index) throws IOException {
        try {
            return index.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("Cannot read the store's objects: " + e.getCause(), e.getCause());
        }
    }

    private Frame visitGuarded(Frame f, DirEntry e, DirCursor srcCursor, DirCursor dstCursor, FileCloner files)
            throws OsException {
        int srcDir;
        try {
            srcDir = srcCursor.open(f.src);
        } catch (OsException ex) {
            if (Metadata.isFatal(ex)) {
                throw ex;
            }
            tally.problems.add(ex.getMessage() + "; the rest of that directory was not copied");
            f.next = f.entries.size();
            return null;
        }
        try {
            return visit(f, srcDir, e, srcCursor, dstCursor, files);
        } catch (OsException ex) {
            if (Metadata.isFatal(ex)) {
                throw ex;
            }
            if (!ex.isVanished()) {
                tally.problems.add(ex.getMessage() + "; not copied");
            }
            return null;
        }
    }

    private Frame visit(Frame f, int srcDir, DirEntry e, DirCursor srcCursor, DirCursor dstCursor, FileCloner files)
            throws OsException {
        byte[] name = e.name();
        String path = f.src.childPath(name);
        FileStat st = fs.stat(srcDir, name, tally.source(path));
        int match = excludes.firstMatch(path, f.match);
        int type = st.mode() & S_IFMT;
        if (type == FileStat.S_IFDIR) {
            return directory(f, name, st, match, path, srcCursor, dstCursor);
        }
        if (type == FileStat.S_IFREG) {
            files.add(f.src, f.dst, name, excludes.excludes(match) || excludes.isExactExclude(path));
            return null;
        }
        if (type == S_IFSOCK) {
            tally.socket(path);
            return null;
        }
        if (type != FileStat.S_IFLNK && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO) {
            tally.problems.add(tally.source(path) + " has an unknown file type " + Integer.toOctalString(type)
                    + "; not copied");
            return null;
        }
        boolean grouped = st.nlink() > 1 && st.dev() == f.src.dev();
        if (grouped && files.linkToGroup(f.dst, name, st, path)) {
            return null;
        }
        boolean created = type == FileStat.S_IFLNK ? symlink(f, srcDir, name, st, path, dstCursor)
                : node(f, srcDir, name, st, path, dstCursor);
        if (grouped && created) {
            files.placed(st, f.dst, name);
        }
        return null;
    }

    private Frame directory(Frame f, byte[] name, FileStat st, int match, String path, DirCursor srcCursor,
            DirCursor dstCursor) throws OsException {
        int dstDir = dstCursor.open(f.dst);
        if (!fs.mkdir(dstDir, name, 0700, tally.copy(path))) {
            tally.problems.add(tally.source(path) + " was listed twice (the guest changed it meanwhile); copied once");
            return null;
        }
        FileStat dstSt = fs.stat(dstDir, name, tally.copy(path));
        DirNode srcNode = f.src.child(name, st.dev(), st.ino());
        DirNode dstNode = f.dst.child(name, dstSt.dev(), dstSt.ino());
        tally.directories++;
        if (path.equals(ETC)) {
            tally.etcSeen = true;
        }
        if (st.dev() != f.src.dev()) {
            tally.notes.add(tally.source(path) + " is a mount point of another filesystem; created empty");
            return new Frame(srcNode, dstNode, st, Collections.emptySortedMap(), List.of(), match);
        }
        try {
            int fd = srcCursor.open(srcNode);
            return new Frame(srcNode, dstNode, st, fs.xattrs(fd, tally.source(path)), fs.list(fd, tally.source(path)),
                    match);
        } catch (OsException ex) {
            if (Metadata.isFatal(ex)) {
                throw ex;
            }
            tally.problems.add(ex.getMessage() + "; the directory was created empty");
            return new Frame(srcNode, dstNode, st, Collections.emptySortedMap(), List.of(), match);
        }
    }

    /** Sets a directory's own metadata once everything inside it exists; its times last. */
    private void finishGuarded(Frame f, DirCursor dstCursor, FileCloner files) throws OsException {
        try {
            int dstFd = dstCursor.open(f.dst);
            if (settings.hostname() != null && f.src.path().equals(ETC) && !tally.hostnameSeen) {
                files.createHostname(dstFd);
            }
            metadata.copyToOpen(f.stat, f.xattrs, dstFd, tally.copy(f.src.path()), tally.problems);
        } catch (OsException ex) {
            if (Metadata.isFatal(ex)) {
                throw ex;
            }
            tally.problems.add(ex.getMessage() + "; the directory's owner, mode or times were not copied");
        }
    }

    private boolean symlink(Frame f, int srcDir, byte[] name, FileStat st, String path, DirCursor dstCursor)
            throws OsException {
        byte[] target = fs.readlink(srcDir, name, tally.source(path));
        FileStat again = fs.stat(srcDir, name, tally.source(path));
        if (!again.sameInode(st) || !again.isSymlink() || target.length != st.size()) {
            tally.problems.add(tally.source(path) + " was replaced while being cloned; not copied");
            return false;
        }
        SortedMap<String, byte[]> xattrs = fs.xattrsNoFollow(srcDir, name, tally.source(path));
        int dstDir = dstCursor.open(f.dst);
        fs.symlink(target, dstDir, name, tally.copy(path));
        metadata.copyToEntry(st, xattrs, dstDir, name, tally.copy(path), tally.problems);
        tally.symlinks++;
        return true;
    }

    /** Device nodes and FIFOs: recreated with {@code mknodat}, never opened. */
    private boolean node(Frame f, int srcDir, byte[] name, FileStat st, String path, DirCursor dstCursor)
            throws OsException {
        long rdev = fs.deviceNumber(srcDir, name, tally.source(path));
        FileStat again = fs.stat(srcDir, name, tally.source(path));
        if (!again.sameInode(st) || again.mode() != st.mode()) {
            tally.problems.add(tally.source(path) + " was replaced while being cloned; not copied");
            return false;
        }
        SortedMap<String, byte[]> xattrs = fs.xattrsNoFollow(srcDir, name, tally.source(path));
        int dstDir = dstCursor.open(f.dst);
        fs.mknod(dstDir, name, st.mode() & (S_IFMT | 07777), (st.mode() & S_IFMT) == S_IFIFO ? 0 : rdev,
                tally.copy(path));
        metadata.copyToEntry(again, xattrs, dstDir, name, tally.copy(path), tally.problems);
        tally.devices++;
        return true;
    }
}
