package org.hashify.kernel.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hashify.kernel.os.LinuxFs;

/**
 * Closes the descriptors of replaced guest files on a few threads of its own.
 *
 * <p>When a file is replaced by a link to its object, the old copy's name is gone but the replacer
 * still holds it open; closing that last reference is what frees the copy's blocks. On ext4 that
 * is most of a replacement's cost, and on a filesystem mounted with {@code discard} it waits for
 * the device. Several closes at once overlap those waits, and the thread that replaces files goes
 * on meanwhile. Nothing can reach a closed-to-be file any more, so the order does not matter;
 * {@link #close()} waits for all of them, so a run's report counts only space really freed.
 *
 * <p>The descriptors in flight are bounded by what the process may open: with a low
 * {@code ulimit -n} the closes happen inline.
 */
final class DeferredCloser implements AutoCloseable {
    static final int THREADS = 8;
    private static final int MAX_QUEUED = 24;

    private final LinuxFs fs = LinuxFs.get();
    private final ThreadPoolExecutor pool;

    DeferredCloser() {
        this(queueFor(LinuxFs.openFileLimit()));
    }

    /** @param queued descriptors waiting beyond those being closed; 0 closes inline */
    DeferredCloser(int queued) {
        if (queued <= 0) {
            pool = null;
            return;
        }
        AtomicInteger n = new AtomicInteger();
        // CallerRunsPolicy: when the queue is full the replacing thread closes itself, which bounds both.
        pool = new ThreadPoolExecutor(THREADS, THREADS, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued), r -> {
            Thread t = new Thread(r, "hashify-close-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** Closes {@code fd} now or soon; the caller must not use it again. */
    void close(int fd) {
        if (pool == null) {
            fs.close(fd);
        } else {
            pool.execute(() -> fs.close(fd));
        }
    }

    /** Waits until every descriptor handed over is closed. */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // the closes are quick to finish and their descriptors must not leak
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Descriptors this process may still spend on closing: a quarter of what is left above 64. */
    static int queueFor(long openFileLimit) {
        long spare = (openFileLimit - 64) / 4 - THREADS;
        return (int) Math.max(0, Math.min(MAX_QUEUED, spare));
    }
}
