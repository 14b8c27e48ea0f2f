package org.hashify.kernel.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.ObjectName;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.DirCursor;
import org.hashify.kernel.walk.GuestWalker;
import org.hashify.kernel.walk.Unit;
import org.hashify.kernel.walk.WalkResult;

/**
 * Unifies guests against a store in hardlink mode: walks each guest, hashes its eligible files on
 * several threads, and replaces each by a link to its object, one guest after another.
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
    public record Options(long minSize, boolean ignoreMtime, boolean dryRun, int threads) {
        public Options {
            if (minSize < 0) {
                throw new IllegalArgumentException("minimum size must not be negative: " + minSize);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("at least one hashing thread is needed, not " + threads);
            }
        }
    }

    private final LinuxFs fs = LinuxFs.get();
    private final Store store;
    private final Options options;
    private final Progress progress;
    private volatile boolean stopRequested;
    private java.util.function.Consumer<Unit> beforePlacing = u -> { };

    public Hashifier(Store store, Options options, Progress progress) {
        this.store = store;
        this.options = options;
        this.progress = progress;
    }

    /** Tests use this to change a file between its hash and its replacement. */
    void beforePlacing(java.util.function.Consumer<Unit> hook) {
        this.beforePlacing = hook;
    }

    /** Asks a running {@link #run} to stop after the file it is working on; the report says so. */
    public void requestStop() {
        stopRequested = true;
    }

    public RunReport run(List<GuestSpec> guests) throws java.io.IOException {
        long start = System.nanoTime();
        RunReport report = new RunReport(options.dryRun(), "hardlink");
        Store.ObjectIndex index = store.index();
        Map<ObjectName, Boolean> verified = new java.util.HashMap<>();
        Replacer.LinkLimit linkLimit = new Replacer.LinkLimit(store.linkMax());
        for (GuestSpec guest : guests) {
            if (stopRequested) {
                report.interrupted(true);
                break;
            }
            GuestReport g = report.addGuest(guest.name(), guest.root().toString());
            g.packages = guest.packages();
            runGuest(guest, g, report, index, verified, linkLimit);
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

    private void runGuest(GuestSpec guest, GuestReport g, RunReport report, Store.ObjectIndex index,
            Map<ObjectName, Boolean> verified, Replacer.LinkLimit linkLimit) {
        int rootFd;
        try {
            rootFd = fs.openDirectoryPath(guest.root(), "guest " + guest.name() + ": root " + guest.root());
        } catch (OsException e) {
            String why = e.errno() == org.hashify.kernel.os.Errno.ELOOP
                    ? "guest " + guest.name() + ": root " + guest.root() + " is a symbolic link; name the directory itself"
                    : e.getMessage();
            fail(g, report, why);
            return;
        }
        try {
            FileStat rootStat = fs.fstat(rootFd, "guest " + guest.name());
            if (store.exists() && rootStat.dev() != store.device()) {
                fail(g, report, "guest " + guest.name() + ": " + guest.root() + " is on another filesystem than the store "
                        + store.root() + "; hard links cannot cross filesystems. Use a store on the guest's filesystem "
                        + "(--store).");
                return;
            }
            GuestWalker walker = new GuestWalker(guest.name(), guest.excludes(), options.minSize(),
                    ino -> index.byInode(ino) != null && rootStat.dev() == store.device());
            WalkResult walk = walker.walk(rootFd);
            record(g, walk, report);
            progress.guestStarted(guest.name(), walk.units().size());
            try (DirCursor cursor = new DirCursor(rootFd, guest.name())) {
                Replacer replacer = new Replacer(store, index, verified, linkLimit, cursor, g, report, options.dryRun());
                hashAndPlace(walk.units(), rootFd, guest.name(), replacer);
            }
        } catch (OsException e) {
            fail(g, report, e.getMessage());
        } finally {
            fs.close(rootFd);
        }
    }

    private void fail(GuestReport g, RunReport report, String why) {
        g.failure = why;
        report.problem(why + "; guest skipped");
    }

    private static void record(GuestReport g, WalkResult w, RunReport report) {
        g.regularFiles = w.regularFiles();
        g.directories = w.directories();
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

    /**
     * Hashes on a pool while this thread places results in walk order; a bounded window of units
     * in flight keeps memory and open files small.
     */
    private void hashAndPlace(List<Unit> units, int rootFd, String guestName, Replacer replacer) {
        int threads = options.threads();
        List<HashWorker> workers = java.util.Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<HashWorker> worker = ThreadLocal.withInitial(() -> {
            HashWorker w = new HashWorker(rootFd, guestName, options.ignoreMtime());
            workers.add(w);
            return w;
        });
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hashify-hash-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<CompletableFuture<HashOutcome>> window = new ArrayDeque<>();
            int next = 0;
            int limit = Math.max(16, threads * 8);
            while (next < units.size() || !window.isEmpty()) {
                while (next < units.size() && window.size() < limit && !stopRequested) {
                    Unit u = units.get(next++);
                    window.add(CompletableFuture.supplyAsync(() -> worker.get().hash(u), pool));
                }
                if (window.isEmpty()) {
                    break;
                }
                HashOutcome outcome = join(window.poll());
                if (!stopRequested) {
                    beforePlacing.accept(outcome.unit());
                    replacer.accept(outcome);
                }
                progress.unitDone();
            }
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workers.forEach(HashWorker::close);
        }
    }

    private static HashOutcome join(CompletableFuture<HashOutcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }
}
