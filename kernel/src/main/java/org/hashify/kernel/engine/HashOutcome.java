package org.hashify.kernel.engine;

import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.store.Identity;
import org.hashify.kernel.walk.Unit;

/** What hashing a unit's file gave: a digest over a stable snapshot, or why there is none. */
sealed interface HashOutcome {
    Unit unit();

    /**
     * @param stat the file's stat after hashing, equal to the one before: no write happened between
     */
    record Hashed(Unit unit, byte[] digest, Identity identity, FileStat stat) implements HashOutcome {
    }

    record Skipped(Unit unit, SkipReason reason, String message) implements HashOutcome {
    }
}
