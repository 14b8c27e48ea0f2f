package org.hashify.kernel.engine;

import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.ObjectName;
import org.hashify.kernel.walk.Unit;

/**
 * Shares each hashed unit of one guest with its object. What the modes have in common lives here:
 * counting skips, and turning a failed call into one line naming the guest and path while the file
 * stays as it was. {@link #accept} runs on one thread, in walk order; a mode whose work per file is
 * independent of the others may do it on the hashing threads instead ({@link #onHashingThread}).
 */
abstract class Placer {
    protected final GuestReport guest;
    protected final RunReport run;

    Placer(GuestReport guest, RunReport run) {
        this.guest = guest;
        this.run = run;
    }

    final void accept(HashOutcome outcome) {
        if (outcome instanceof HashOutcome.Skipped s) {
            guest.skip(s.reason());
            if (s.reason() == SkipReason.ERROR) {
                run.problem(s.message() + "; file skipped, left as it was");
            }
        } else if (outcome instanceof HashOutcome.Hashed h) {
            guest.bytesHashed += h.stat().size();
            try {
                place(h);
            } catch (OsException e) {
                guest.skip(e.isVanished() ? SkipReason.VANISHED : SkipReason.ERROR);
                if (!e.isVanished()) {
                    run.problem(e.getMessage() + "; file skipped, left as it was");
                }
            }
        } else if (outcome instanceof HashOutcome.Left left) {
            guest.bytesHashed += left.stat().size();
            settle(left);
        } else {
            HashOutcome.Deduped d = (HashOutcome.Deduped) outcome;
            if (d.hashed()) {
                guest.bytesHashed += d.stat().size();
            }
            settle(d);
        }
    }

    /** Records what {@link #placeOpened} did with a unit. */
    final void settle(HashOutcome placed) {
        if (placed instanceof HashOutcome.Left left) {
            guest.skip(left.reason());
            if (left.problem() != null) {
                run.problem(left.problem());
            }
        } else {
            deduped((HashOutcome.Deduped) placed);
        }
    }

    /** Whether a file's identity is its content alone, so that hashing need not read its metadata. */
    boolean contentOnly() {
        return false;
    }

    /** Whether the hashing threads place, by {@link #placeOpened}, so that {@link #place} never sees a unit. */
    boolean onHashingThread() {
        return false;
    }

    /**
     * Places a hashed unit whose file is open: on the thread that hashed it, while the file is still
     * open there; safe to call from several threads at once. Returns what {@link #accept} records.
     *
     * @param fd the file as it was hashed, open for reading
     */
    HashOutcome placeOpened(HashOutcome.Hashed h, int fd) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " places in walk order");
    }

    /**
     * The object the unit likely shares without hashing it (dedupe mode: the object its path shared
     * in an earlier guest), for {@link #placeByGuess}; null when there is none.
     */
    ObjectName guess(Unit unit, FileStat stat) {
        return null;
    }

    /**
     * On the hashing thread, before the file is read: places the unit if its content is the guessed
     * object's, checked by the kernel byte for byte; null when it is not (then it is hashed).
     *
     * @param fd the file, open for reading; {@code stat} its stat
     */
    HashOutcome placeByGuess(Unit unit, int fd, FileStat stat, ObjectName guess) {
        return null;
    }

    /** Shares one hashed unit with its object, or leaves it and counts why. */
    abstract void place(HashOutcome.Hashed h) throws OsException;

    /** Records a unit that {@link #placeOpened} shared. */
    void deduped(HashOutcome.Deduped d) {
        throw new IllegalStateException(getClass().getSimpleName() + " does not place on the hashing threads");
    }
}
