package org.hashify.kernel.ops;

import java.util.List;

/**
 * What a split did (or, in a dry run, would do).
 *
 * @param space the free-space check made before anything was changed
 * @param problems paths that could not be split and other failures, one line each
 */
public record SplitReport(boolean dryRun, List<SplitPlan.SpaceCheck> space, List<GuestResult> guests, long elapsedMillis,
        List<String> problems) {

    /**
     * One guest.
     *
     * @param splitPaths paths that now name a private copy
     * @param splitInodes private copies made (one per object the guest used)
     * @param bytesCopied bytes written into the copies
     * @param skippedPaths paths left linked because they changed under the split
     * @param thawedObjects frozen objects thawed for the split and frozen again after
     * @param failure why the guest was not split at all, or null
     */
    public record GuestResult(String name, String root, long sharedPaths, long sharedInodes, long sharedBytes,
            long splitPaths, long splitInodes, long bytesCopied, long skippedPaths, long thawedObjects, String failure) {
    }

    public SplitReport {
        space = List.copyOf(space);
        guests = List.copyOf(guests);
        problems = List.copyOf(problems);
    }

    public boolean complete() {
        return problems.isEmpty() && guests.stream().allMatch(g -> g.failure() == null && g.skippedPaths() == 0);
    }
}
