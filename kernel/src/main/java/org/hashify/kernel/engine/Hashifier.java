package org.hashify.kernel.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.DedupeRecord;
import org.hashify.kernel.store.DedupeRefs;
import org.hashify.kernel.store.ObjectName;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.DirCursor;
import org.hashify.kernel.walk.GuestWalker;
import org.hashify.kernel.walk.Unit;
import org.hashify.kernel.walk.WalkRecord;
import org.hashify.kernel.walk.WalkResult;

/**
 * Unifies guests against a store: walks each guest (the next ones ahead of time), hashes its
 * eligible files on several threads ({@link HashingPipeline}), and shares each with its object, by
 * a hard link or by extents (dedupe mode), one guest after another.
 */
public final class Hashifier {
    /** Progress callbacks, for a progress bar; called from the thread that runs {@link #run}. */
    public interface Progress {
        void guestStarted(String guest, long units);

        void unitDone();

        Progress NONE = new Progress() {
            @Override
            public void guestStarted(String guest, long units) {
            }

            @Override
            public void unitDone() {
            }
        };
    }

    /**
     * @param minSize files smaller than this many bytes are left alone
     * @param threads hashing threads
     */
    public record Options(long minSize, boolean ignoreMtime, boolean dryRun, int threads, Mode mode) {
        public Options(long minSize, boolean ignoreMtime, boolean dryRun, int threads) {
            this(minSize, ignoreMtime, dryRun, threads, Mode.HARDLINK);
        }

        public Options {
            java.util.Objects.requireNonNull(mode, "mode");
            if (minSize < 0) {
                throw new IllegalArgumentException("minimum size must not be negative: " + minSize);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("at least one hashing thread is needed, not " + threads);
            }
        }
    }

    /** Guests walked at once, ahead of the one being placed. */
    private static final int WALKS_AHEAD = 2;

    private final LinuxFs fs = LinuxFs.get();
    private final Store store;
    private final Options options;
    private final Progress progress;
    private volatile boolean stopRequested;
    private java.util.function.Consumer<Unit> beforePlacing = u -> { };
    private boolean placeInWalkOrder;
    private boolean makeImmutable;
    private Freezer freezer;

    public Hashifier(Store store, Options options, Progress progress) {
        this.store = store;
        this.options = options;
        this.progress = progress;
    }

    /**
     * Tests use this to change a file between its hash and its replacement. In dedupe mode the hook
     * runs on the hashing threads, several at once, and also before a unit is shared by its path's
     * guess (then again after hashing, should the guess be wrong).
     */
    void beforePlacing(java.util.function.Consumer<Unit> hook) {
        this.beforePlacing = hook;
    }

    /**
     * Tests use this to place dedupe mode's files in walk order on one thread, as a run does when
     * the open-file limit is too low to keep every object directory open.
     */
    void placeInWalkOrder() {
        this.placeInWalkOrder = true;
    }

    /**
     * Puts the store in immutable use before the run ({@code run --immutable}): from then on every
     * run freezes the objects it links. A store already in immutable use needs no asking.
     */
    public Hashifier immutable(boolean on) {
        this.makeImmutable = on;
        return this;
    }

    /** Asks a running {@link #run} to stop after the file it is working on; the report says so. */
    public void requestStop() {
        stopRequested = true;
    }

    public RunReport run(List<GuestSpec> guests) throws java.io.IOException {
        long start = System.nanoTime();
        Mode mode = resolveMode();
        RunReport report = new RunReport(options.dryRun(), mode.id());
        freezer = freezerFor(mode, report);
        if (freezer.immutable()) {
            report.immutable(freezer.sweep()); // first, whatever stops this run: objects a crash or thaw left thawed
        }
        ObjectIndex index = store.index();
        Map<ObjectName, Boolean> verified = new java.util.HashMap<>();
        Replacer.LinkLimit linkLimit = new Replacer.LinkLimit(store.linkMax());
        // The next guests are walked while this one is hashed and placed: a walk is one thread's
        // system calls, and on a re-run it is all there is to do, so up to two walks run at once
        // (never more than the hashing threads; each walk in flight holds its guest's file list).
        int walkers = Math.min(options.threads(), WALKS_AHEAD);
        AtomicInteger walkerNumber = new AtomicInteger();
        ExecutorService ahead = Executors.newFixedThreadPool(walkers, r -> {
            Thread t = new Thread(r, "hashify-walk-" + walkerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Deque<CompletableFuture<Walked>> inFlight = new ArrayDeque<>();
        int nextWalk = 0;
        try (DeferredCloser closer = new DeferredCloser();
                DedupeHints hints = mode == Mode.DEDUPE && !options.dryRun() ? new DedupeHints() : null;
                RecordWriter records = new RecordWriter()) {
            for (int i = 0; i < guests.size(); i++) {
                while (nextWalk < guests.size() && inFlight.size() < walkers && !stopRequested) {
                    inFlight.add(walkAhead(guests.get(nextWalk++), index, mode, ahead));
                }
                if (inFlight.isEmpty()) {
                    report.interrupted(true);
                    break;
                }
                Walked walked = joinWalk(inFlight.poll());
                try {
                    if (stopRequested) {
                        report.interrupted(true);
                        break;
                    }
                    GuestSpec guest = guests.get(i);
                    GuestReport g = report.addGuest(guest.name(), guest.root().toString());
                    g.packages = guest.packages();
                    placeGuest(walked, g, report, index, verified, linkLimit, mode, closer, hints, records);
                } finally {
                    walked.close();
                }
            }
            records.finish().forEach(report::problem);
        } finally {
            for (CompletableFuture<Walked> f : inFlight) {
                f.thenAccept(Walked::close); // now, or when the walk in flight ends
            }
            ahead.shutdown();
        }
        if (stopRequested) {
            report.interrupted(true);
        }
        if (!options.dryRun()) {
            List<java.nio.file.Path> roots = new ArrayList<>();
            for (GuestReport g : report.guests()) {
                if (g.failure == null) {
                    roots.add(java.nio.file.Path.of(g.root));
                }
            }
            try {
                store.registerGuests(roots);
            } catch (java.io.IOException e) {
                report.problem("Cannot record the guests in " + store.root().resolve("guests") + ": " + e.getMessage()
                        + "; 'hashify status' and 'verify' will not know them until a run records them");
            }
        }
        report.elapsedMillis((System.nanoTime() - start) / 1_000_000);
        return report;
    }

    /** Hardlink mode on a store in immutable use freezes every object it links (see Freezer). */
    private Freezer freezerFor(Mode mode, RunReport report) throws java.io.IOException {
        if (makeImmutable && mode != Mode.HARDLINK) {
            throw new java.io.IOException("--immutable is for hardlink mode; in " + mode.id() + " mode each guest keeps its "
                    + "own inode and a write is copy-on-write already. Drop --immutable or use --mode hardlink.");
        }
        boolean immutable = mode == Mode.HARDLINK && !options.dryRun() && (makeImmutable || store.immutable());
        if (immutable) {
            try {
                Freezer.checkSupported(store);
            } catch (org.hashify.kernel.store.StoreException e) {
                throw new java.io.IOException(e.getMessage(), e);
            }
            if (makeImmutable) {
                store.immutable(true);
            }
        }
        return new Freezer(store, immutable, report::problem);
    }

    /** The mode this run uses: auto becomes dedupe where the store's filesystem shares extents. */
    private Mode resolveMode() throws java.io.IOException {
        // A store in immutable use (or being put in it) is hardlink by nature: auto must not turn it to dedupe.
        if (options.mode() == Mode.HARDLINK
                || (options.mode() == Mode.AUTO && (makeImmutable || (store.exists() && store.immutable())))) {
            return Mode.HARDLINK;
        }
        boolean reflink = store.exists() && (store.isReadOnly() ? reflinkFilesystem() : store.supportsReflink());
        if (options.mode() == Mode.DEDUPE && !reflink) {
            throw new java.io.IOException("dedupe mode needs a filesystem that shares extents (btrfs, or XFS made with "
                    + "reflink=1); " + store.root() + " is on one that does not. Use --mode hardlink or auto.");
        }
        return reflink ? Mode.DEDUPE : Mode.HARDLINK;
    }

    /** Without writing a probe (a dry run): the filesystem types that share extents. */
    private boolean reflinkFilesystem() throws java.io.IOException {
        String type = java.nio.file.Files.getFileStore(store.root()).type();
        return type.equals("btrfs") || type.equals("xfs");
    }

    /** A guest walked, with its root held open for placing; or why it cannot be. */
    private final class Walked implements AutoCloseable {
        final GuestSpec guest;
        int rootFd = -1;
        String failure;
        WalkResult walk;
        GuestWalker walker;
        byte[] previousRecord;
        Map<Long, DedupeRecord> records;

        Walked(GuestSpec guest) {
            this.guest = guest;
        }

        @Override
        public void close() {
            fs.close(rootFd);
            rootFd = -1;
        }
    }

    private CompletableFuture<Walked> walkAhead(GuestSpec guest, ObjectIndex index, Mode mode, ExecutorService ahead) {
        return CompletableFuture.supplyAsync(() -> walk(guest, index, mode), ahead);
    }

    private static Walked joinWalk(CompletableFuture<Walked> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Opens a guest's root and walks it; never throws (a failure is recorded for the report). */
    private Walked walk(GuestSpec guest, ObjectIndex index, Mode mode) {
        Walked w = new Walked(guest);
        try {
            w.rootFd = fs.openDirectoryPath(guest.root(), "guest " + guest.name() + ": root " + guest.root());
        } catch (OsException e) {
            w.failure = e.errno() == org.hashify.kernel.os.Errno.ELOOP
                    ? "guest " + guest.name() + ": root " + guest.root() + " is a symbolic link; name the directory itself"
                    : e.getMessage();
            return w;
        }
        try {
            FileStat rootStat = fs.fstat(w.rootFd, "guest " + guest.name());
            if (store.exists() && rootStat.dev() != store.device()) {
                w.failure = "guest " + guest.name() + ": " + guest.root() + " is on another filesystem than the store "
                        + store.root() + "; hard links cannot cross filesystems. Use a store on the guest's filesystem "
                        + "(--store).";
                return w;
            }
            boolean dedupe = mode == Mode.DEDUPE;
            Map<Long, DedupeRecord> earlier = dedupe ? DedupeRefs.read(store, guest.root()) : Map.of();
            Map<Long, DedupeRecord> records = new java.util.HashMap<>();
            java.util.function.Predicate<FileStat> alreadyShared = dedupe
                    ? st -> keepIfUnchanged(earlier.get(st.ino()), st, records)
                    : st -> index.byInode(st.ino()) != null && rootStat.dev() == store.device();
            GuestWalker walker = new GuestWalker(guest.name(), guest.excludes(), options.minSize(), alreadyShared);
            if (!dedupe && store.exists()) {
                w.previousRecord = previousWalk(guest);
                WalkRecord previous = w.previousRecord == null ? null
                        : WalkRecord.decode(w.previousRecord, GuestWalker.COUNTS);
                walker.recording(previous, ino -> index.byInode(ino) != null);
            }
            w.walk = walker.walk(w.rootFd);
            w.walker = walker;
            w.records = records;
        } catch (java.io.IOException e) {
            w.failure = e.getMessage();
        } catch (RuntimeException | Error e) {
            w.close();
            throw e;
        }
        return w;
    }

    private void placeGuest(Walked w, GuestReport g, RunReport report, ObjectIndex index,
            Map<ObjectName, Boolean> verified, Replacer.LinkLimit linkLimit, Mode mode, DeferredCloser closer,
            DedupeHints hints, RecordWriter records) {
        if (w.failure != null) {
            fail(g, report, w.failure);
            return;
        }
        GuestSpec guest = w.guest;
        boolean dedupe = mode == Mode.DEDUPE;
        record(g, w.walk, report);
        progress.guestStarted(guest.name(), w.walk.units().size());
        try (DirCursor cursor = new DirCursor(w.rootFd, guest.name())) {
            Placer placer = dedupe
                    ? new DedupePlacer(store, index, cursor, g, report, options.dryRun(), w.records, hints,
                            !placeInWalkOrder && store.concurrentUse())
                    : new Replacer(store, index, verified, linkLimit, cursor, g, report, options.dryRun(), freezer,
                            closer);
            new HashingPipeline(options.threads(), options.ignoreMtime(), () -> stopRequested, beforePlacing, progress)
                    .run(w.walk.units(), w.rootFd, guest.name(), placer);
        }
        if (!dedupe && !options.dryRun()) {
            keepWalkRecord(w, g, records);
        }
        if (dedupe && !options.dryRun()) {
            List<DedupeRecord> shared = List.copyOf(w.records.values());
            records.submit(() -> DedupeRefs.write(store, guest.root(), shared),
                    why -> "guest " + guest.name() + ": cannot record its shared files in the store: " + why
                            + "; the next run compares them again, and gc may not keep their objects");
        }
    }

    /** The guest's walk record from the last run, as stored, or null (none, unreadable: the walk lists everything). */
    private byte[] previousWalk(GuestSpec guest) {
        try {
            return store.readWalkRecord(guest.root());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Hardlink mode: completes the walk's record with the directories whose units were just placed,
     * and keeps it for the next run. An interrupted run keeps what its walk recorded.
     */
    private void keepWalkRecord(Walked w, GuestReport g, RecordWriter records) {
        if (w.walk.record() == null) {
            return;
        }
        if (!stopRequested) {
            w.walker.settle(w.walk, w.rootFd);
        }
        byte[] record = w.walk.record().encode();
        if (java.util.Arrays.equals(record, w.previousRecord)) {
            return; // nothing changed: no write, no fsync
        }
        records.submit(() -> store.writeWalkRecord(w.guest.root(), record),
                why -> "guest " + g.name + ": cannot keep its walk record in " + store.root().resolve("walks") + ": "
                        + why + "; the next run lists every directory again");
    }

    /** Dedupe mode: a file unchanged since it was shared is counted as shared, and its record kept. */
    private static boolean keepIfUnchanged(DedupeRecord r, FileStat st, Map<Long, DedupeRecord> keep) {
        if (r != null && r.matches(st)) {
            keep.put(st.ino(), r);
            return true;
        }
        return false;
    }

    private void fail(GuestReport g, RunReport report, String why) {
        g.failure = why;
        report.problem(why + "; guest skipped");
    }

    private static void record(GuestReport g, WalkResult w, RunReport report) {
        g.regularFiles = w.regularFiles();
        g.directories = w.directories();
        g.directoriesFromRecord = w.directoriesFromRecord();
        g.alreadyUnified = w.alreadyUnified();
        g.alreadyUnifiedBytes = w.alreadyUnifiedBytes();
        g.excluded = w.excluded();
        g.configFiles = w.configFiles();
        g.tooSmall = w.tooSmall();
        g.notRegular = w.notRegular();
        g.otherFilesystem = w.otherFilesystem();
        g.prunedDirectories = w.prunedDirectories();
        for (String p : w.problems()) {
            g.errors++;
            report.problem(p);
        }
    }
}
