package org.hashify.kernel.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.store.Store;

/**
 * Removes what no guest needs: objects whose only link is the store's own name (hardlink mode) or
 * that no guest's record names (dedupe mode), and temporary names a killed run left in the store.
 * Never touches a guest.
 */
public final class GarbageCollector {
    /** What gc removed, or with a dry run would remove. */
    public record Result(long objectsRemoved, long bytesFreed, long leftoversRemoved, List<String> problems) {
    }

    private GarbageCollector() {
    }

    public static Result collect(Store store, boolean dryRun) throws IOException {
        List<String> problems = new ArrayList<>();
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
        return new Result(removed, freed, leftovers, problems);
    }
}
