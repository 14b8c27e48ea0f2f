package org.hashify.kernel.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hashify.kernel.os.OsException;
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
 */
public record StoreStatus(String store, long objects, long storeBytes, long savedBytes, long garbageObjects,
        long garbageBytes, List<String> leftovers, List<GuestUsage> guests, List<String> problems) {

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
        for (Store.StoredObject o : store.listObjects()) {
            objects++;
            bytes += o.stat().size();
            inodes.add(o.stat().ino());
            int guestLinks = o.stat().nlink() - 1;
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
                long ownFiles = 0;
                long ownBytes = 0;
                for (Unit u : scan.own()) {
                    ownFiles += u.pathCount();
                    ownBytes += u.leader().stat().size();
                }
                guests.add(new GuestUsage(root.toString(), sameFs ? scan.objectLinks().size() : 0,
                        sameFs ? sharedBytes : 0, ownFiles, ownBytes, null));
                problems.addAll(scan.problems());
            } catch (OsException e) {
                guests.add(new GuestUsage(root.toString(), 0, 0, 0, 0, e.getMessage()));
            }
        }
        return new StoreStatus(store.root().toString(), objects, bytes, saved, garbage, garbageBytes, store.leftovers(), guests,
                problems);
    }
}
