package org.hashify.kernel.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.PartialTrees;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.FileEntry;
import org.hashify.kernel.walk.Unit;

/**
 * What a store holds and saves, and per guest how much it shares and how much is its own.
 *
 * @param objects number of objects
 * @param storeBytes bytes of all objects, each counted once
 * @param savedBytes bytes the guests would use without sharing, less what they use with it
 * @param garbageObjects objects no guest links any more (gc removes them)
 * @param immutable whether the store is in immutable use (run --immutable)
 * @param frozenObjects objects that carry the immutable flag
 */
public record StoreStatus(String store, long objects, long storeBytes, long savedBytes, long garbageObjects,
        long garbageBytes, List<String> leftovers, List<GuestUsage> guests, List<String> problems, boolean immutable,
        long frozenObjects) {

    /** One guest's use of the store: paths linked to objects and the bytes they hold, and its own files. */
    public record GuestUsage(String root, long sharedFiles, long sharedBytes, long ownFiles, long ownBytes, String error) {
    }

    public static StoreStatus of(Store store) throws IOException {
        long objects = 0;
        long bytes = 0;
        long saved = 0;
        long garbage = 0;
        long garbageBytes = 0;
        Set<Long> inodes = new HashSet<>();
        java.util.Map<org.hashify.kernel.store.ObjectName, Integer> dedupeUsers = new java.util.HashMap<>();
        for (org.hashify.kernel.store.DedupeRecord r : org.hashify.kernel.store.DedupeRefs.all(store)) {
            dedupeUsers.merge(r.object(), 1, Integer::sum);
        }
        for (Store.StoredObject o : store.listObjects()) {
            objects++;
            bytes += o.stat().size();
            inodes.add(o.stat().ino());
            // hardlink mode: every guest link beyond the first is saved; dedupe mode: every guest file sharing
            // the extents beyond the first (the object's own extents are the first copy's)
            int guestLinks = DedupePlacer.isDedupeObject(o.name()) ? dedupeUsers.getOrDefault(o.name(), 0)
                    : o.stat().nlink() - 1;
            if (guestLinks <= 0) {
                garbage++;
                garbageBytes += o.stat().size();
            } else {
                saved += (long) (guestLinks - 1) * o.stat().size();
            }
        }
        List<GuestUsage> guests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path root : store.registeredGuests()) {
            try {
                GuestScan.Result scan = GuestScan.scan(root.toString(), root,
                        ino -> inodes.contains(ino));
                boolean sameFs = scan.dev() == store.device();
                long sharedBytes = 0;
                for (FileEntry e : scan.objectLinks()) {
                    sharedBytes += e.stat().size();
                }
                long sharedFiles = sameFs ? scan.objectLinks().size() : 0;
                if (!sameFs) {
                    sharedBytes = 0;
                }
                java.util.Map<Long, org.hashify.kernel.store.DedupeRecord> deduped =
                        org.hashify.kernel.store.DedupeRefs.read(store, root);
                long ownFiles = 0;
                long ownBytes = 0;
                for (Unit u : scan.own()) {
                    org.hashify.kernel.store.DedupeRecord r = deduped.get(u.leader().stat().ino());
                    if (r != null && r.matches(u.leader().stat())) {
                        sharedFiles += u.pathCount();
                        sharedBytes += u.leader().stat().size();
                    } else {
                        ownFiles += u.pathCount();
                        ownBytes += u.leader().stat().size();
                    }
                }
                guests.add(new GuestUsage(root.toString(), sharedFiles, sharedBytes, ownFiles, ownBytes, null));
                problems.addAll(scan.problems());
            } catch (OsException e) {
                guests.add(new GuestUsage(root.toString(), 0, 0, 0, 0, e.getMessage()));
            }
        }
        return new StoreStatus(store.root().toString(), objects, bytes, saved, garbage, garbageBytes, leftovers(store), guests,
                problems, store.immutable(), Freezer.countFrozen(store));
    }

    private static List<String> leftovers(Store store) throws IOException {
        List<String> all = new ArrayList<>(store.leftovers());
        for (PartialTrees.Entry e : PartialTrees.list(store)) {
            all.add(e.parent() == null ? e.record() : "half-built clone " + e.path());
        }
        return all;
    }
}
