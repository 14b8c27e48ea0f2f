package org.hashify.kernel.engine;

import org.hashify.kernel.os.OsException;

/**
 * Shares each hashed unit of one guest with its object, in walk order, on one thread. What the
 * modes have in common lives here: counting skips, and turning a failed call into one line naming
 * the guest and path while the file stays as it was.
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
            return;
        }
        HashOutcome.Hashed h = (HashOutcome.Hashed) outcome;
        guest.bytesHashed += h.stat().size();
        try {
            place(h);
        } catch (OsException e) {
            if (e.isVanished()) {
                guest.skip(SkipReason.VANISHED);
            } else {
                guest.skip(SkipReason.ERROR);
                run.problem(e.getMessage() + "; file skipped, left as it was");
            }
        }
    }

    /** Shares one hashed unit with its object, or leaves it and counts why. */
    abstract void place(HashOutcome.Hashed h) throws OsException;
}
