package org.hashify.kernel.engine;

import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.store.DedupeRecord;
import org.hashify.kernel.store.Identity;
import org.hashify.kernel.walk.Unit;

/**
 * What the hashing thread made of a unit: a digest over a stable snapshot, or why there is none;
 * or, when the mode places on the hashing thread (dedupe), what placing it did.
 */
sealed interface HashOutcome {
    Unit unit();

    /**
     * @param identity what else the file must share with its object; null in dedupe mode, where
     *     identity is content alone
     * @param stat the file's stat after hashing, equal to the one before: no write happened between
     */
    record Hashed(Unit unit, byte[] digest, Identity identity, FileStat stat) implements HashOutcome {
    }

    record Skipped(Unit unit, SkipReason reason, String message) implements HashOutcome {
    }

    /**
     * Placed: the file shares its object's extents now, as the record describes it.
     *
     * @param hashed false when the kernel found the file equal to the object its path suggested,
     *     and it was never read here
     */
    record Deduped(Unit unit, FileStat stat, DedupeRecord record, boolean newObject, boolean hashed)
            implements HashOutcome {
    }

    /**
     * Hashed, then left as it was when placing it found a reason.
     *
     * @param problem a line for the run's report, or null when the reason says it all
     */
    record Left(Unit unit, FileStat stat, SkipReason reason, String problem) implements HashOutcome {
    }
}
