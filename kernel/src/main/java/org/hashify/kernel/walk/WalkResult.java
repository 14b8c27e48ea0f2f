package org.hashify.kernel.walk;

import java.util.List;

/**
 * What a walk of one guest found: the units to unify, in directory order, and the counts of
 * everything it left alone and why.
 *
 * @param directoriesFromRecord directories not listed: the previous walk's record showed them unchanged
 * @param record what the next walk may skip (null unless the walker was {@link GuestWalker#recording})
 * @param toSettle directories with units, to list again into the record once those are placed
 */
public record WalkResult(
        List<Unit> units,
        long regularFiles,
        long alreadyUnified,
        long alreadyUnifiedBytes,
        long excluded,
        long configFiles,
        long tooSmall,
        long notRegular,
        long otherFilesystem,
        long prunedDirectories,
        long directories,
        long directoriesFromRecord,
        List<String> problems,
        WalkRecord record,
        List<GuestWalker.Settling> toSettle) {

    public WalkResult {
        units = List.copyOf(units);
        problems = List.copyOf(problems);
        toSettle = List.copyOf(toSettle);
    }
}
