package org.hashify.kernel.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.store.Store;

/**
 * Removes what no guest needs: objects whose only link is the store's own name, and temporary
 * names a killed run left in the store. Never touches a guest.
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
        for (Store.StoredObject o : store.listObjects()) {
            if (o.stat().nlink() > 1) {
                continue;
            }
            if (!dryRun) {
                // Re-check just before: one writer holds the lock, but a guest may have linked it meanwhile.
                FileStat now = store.statObject(o.name());
                if (now == null || now.nlink() > 1) {
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
