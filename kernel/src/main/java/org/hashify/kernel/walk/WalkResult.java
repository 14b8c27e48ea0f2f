package org.hashify.kernel.walk;

import java.util.List;

/**
 * What a walk of one guest found: the units to unify, in directory order, and the counts of
 * everything it left alone and why.
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
        List<String> problems) {

    public WalkResult {
        units = List.copyOf(units);
        problems = List.copyOf(problems);
    }
}
