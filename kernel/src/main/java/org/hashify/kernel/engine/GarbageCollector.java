package org.hashify.kernel.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.store.PartialTrees;
import org.hashify.kernel.store.Store;

/**
 * Removes what no guest needs: objects whose only link is the store's own name (hardlink mode) or
 * that no guest's record names (dedupe mode), temporary names a killed run left in the store, and
 * the half-built trees of killed clones that the store recorded (PartialTrees).
 * Never touches a guest.
 */
public final class GarbageCollector {
    /** What gc removed, or with a dry run would remove. */
    public record Result(long objectsRemoved, long bytesFreed, long leftoversRemoved, long partialTreesRemoved,
            List<String> problems) {
    }

    private GarbageCollector() {
    }

    public static Result collect(Store store, boolean dryRun) throws IOException {
        List<String> problems = new ArrayList<>();
        long partialTrees = removePartialTrees(store, dryRun, problems);
        long leftovers = 0;
        for (String name : store.leftovers()) {
            if (!dryRun) {
                try {
                    store.removeLeftover(name);
                } catch (IOException e) {
                    problems.add(e.getMessage());
                    continue;
                }
            }
            leftovers++;
        }
        long removed = 0;
        long freed = 0;
        java.util.Set<org.hashify.kernel.store.ObjectName> referenced = new java.util.HashSet<>();
        for (org.hashify.kernel.store.DedupeRecord r : org.hashify.kernel.store.DedupeRefs.all(store)) {
            referenced.add(r.object());
        }
        for (Store.StoredObject o : store.listObjects()) {
            // A dedupe object shares extents, not its inode: only the guests' records tell whether it is used.
            boolean dedupe = DedupePlacer.isDedupeObject(o.name());
            if (dedupe ? referenced.contains(o.name()) : o.stat().nlink() > 1) {
                continue;
            }
            if (!dryRun) {
                // Re-check just before: one writer holds the lock, but a guest may have linked it meanwhile.
                FileStat now = store.statObject(o.name());
                if (now == null || (!dedupe && now.nlink() > 1)) {
                    continue;
                }
                try {
                    store.removeObject(o.name());
                } catch (IOException e) {
                    problems.add(e.getMessage());
                    continue;
                }
            }
            removed++;
            freed += o.stat().size();
        }
        if (!dryRun) {
            store.pruneEmptyDirectories();
        }
        return new Result(removed, freed, leftovers, partialTrees, problems);
    }

    /** Trees a killed clone left half-built beside its new root, found through their records. */
    private static long removePartialTrees(Store store, boolean dryRun, List<String> problems) throws IOException {
        long removed = 0;
        for (PartialTrees.Entry e : PartialTrees.list(store)) {
            if (dryRun) {
                removed++;
                continue;
            }
            try {
                switch (PartialTrees.remove(store, e)) {
                    case REMOVED -> removed++;
                    case ABSENT -> {
                        // the builder died before making it or after renaming it into place
                    }
                    case MOVED -> problems.add("partial tree " + e.path() + " left by a killed clone: its directory "
                            + e.parent() + " is no longer the one recorded, nothing was removed there; look for a hidden "
                            + "'.*.hashify-clone-*' directory");
                }
            } catch (IOException x) {
                problems.add(x.getMessage());
            }
        }
        return removed;
    }
}
