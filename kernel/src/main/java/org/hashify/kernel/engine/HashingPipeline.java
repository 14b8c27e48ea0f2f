package org.hashify.kernel.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.store.ObjectName;
import org.hashify.kernel.walk.Unit;

/**
 * One guest's units through the hashing threads and the placer: the threads hash (and, in dedupe
 * mode, place) batches of units; the calling thread takes their outcomes in walk order and hands
 * them to the placer, which records them (and, in hardlink mode, places them).
 */
final class HashingPipeline {
    /** Units in one batch: up to this many files, */
    private static final int BATCH_UNITS = 16;
    /** or this many bytes, so that big files spread over the threads. */
    private static final long BATCH_BYTES = 1 << 20;

    private final int threads;
    private final boolean ignoreMtime;
    private final BooleanSupplier stopRequested;
    private final Consumer<Unit> beforePlacing;
    private final Hashifier.Progress progress;

    /**
     * @param stopRequested true once the run is to stop after the files being worked on
     * @param beforePlacing the tests' hook, see {@link Hashifier#beforePlacing}
     */
    HashingPipeline(int threads, boolean ignoreMtime, BooleanSupplier stopRequested, Consumer<Unit> beforePlacing,
            Hashifier.Progress progress) {
        this.threads = threads;
        this.ignoreMtime = ignoreMtime;
        this.stopRequested = stopRequested;
        this.beforePlacing = beforePlacing;
        this.progress = progress;
    }

    /**
     * Hashes on a pool while this thread places results in walk order (or, in dedupe mode, records
     * what the pool placed); a bounded window of units in flight keeps memory and open files small.
     */
    void run(List<Unit> units, int rootFd, String guestName, Placer placer) {
        boolean placedThere = placer.onHashingThread();
        HashWorker.Placing placing = !placedThere ? HashWorker.Placing.NONE : new HashWorker.Placing() {
            @Override
            public HashOutcome beforeHashing(Unit unit, int fd, FileStat stat) {
                ObjectName guess = stopRequested.getAsBoolean() ? null : placer.guess(unit, stat);
                if (guess == null) {
                    return null;
                }
                beforePlacing.accept(unit);
                return placer.placeByGuess(unit, fd, stat, guess);
            }

            @Override
            public HashOutcome afterHashing(HashOutcome.Hashed h, int fd) {
                if (stopRequested.getAsBoolean()) {
                    return h; // not placed: the placing thread drops it
                }
                beforePlacing.accept(h.unit());
                return placer.placeOpened(h, fd);
            }
        };
        List<HashWorker> workers = java.util.Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<HashWorker> worker = ThreadLocal.withInitial(() -> {
            HashWorker w = new HashWorker(rootFd, guestName, ignoreMtime, placer.contentOnly(), placing);
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
            // Units go to the pool in batches: one hand-over per batch, not per file, keeps the
            // threads' wake-ups (a good part of a run's system time with small files) few.
            Deque<CompletableFuture<List<HashOutcome>>> window = new ArrayDeque<>();
            int next = 0;
            int limit = Math.max(16, threads * 8);
            while (next < units.size() || !window.isEmpty()) {
                while (next < units.size() && window.size() < limit && !stopRequested.getAsBoolean()) {
                    int from = next;
                    next = batchEnd(units, from);
                    List<Unit> batch = units.subList(from, next);
                    window.add(CompletableFuture.supplyAsync(() -> hashBatch(worker.get(), batch), pool));
                }
                if (window.isEmpty()) {
                    break;
                }
                for (HashOutcome outcome : join(window.poll())) {
                    boolean placed = outcome instanceof HashOutcome.Deduped || outcome instanceof HashOutcome.Left;
                    // what a hashing thread placed is recorded, even when stopping
                    if (placed || !stopRequested.getAsBoolean()) {
                        if (!placedThere) {
                            beforePlacing.accept(outcome.unit());
                        }
                        placer.accept(outcome);
                    }
                    progress.unitDone();
                }
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

    private static int batchEnd(List<Unit> units, int from) {
        int end = from;
        long bytes = 0;
        while (end < units.size() && end - from < BATCH_UNITS && bytes < BATCH_BYTES) {
            bytes += units.get(end++).leader().stat().size();
        }
        return end;
    }

    /** Hashes a batch on one thread; a stop request leaves the rest of the batch unhashed. */
    private List<HashOutcome> hashBatch(HashWorker worker, List<Unit> batch) {
        List<HashOutcome> outcomes = new ArrayList<>(batch.size());
        for (Unit u : batch) {
            if (stopRequested.getAsBoolean()) {
                break;
            }
            outcomes.add(worker.hash(u));
        }
        return outcomes;
    }

    private static <T> T join(CompletableFuture<T> f) {
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
