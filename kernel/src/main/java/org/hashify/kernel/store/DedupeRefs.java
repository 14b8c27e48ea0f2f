package org.hashify.kernel.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which guest files share extents with which objects, in dedupe mode, where link counts say
 * nothing: one file per guest in {@code STORE/refs/}, replaced whole after each run over that
 * guest. gc keeps an object while any guest's record names it; status and verify read them too.
 */
public final class DedupeRefs {
    private DedupeRefs() {
    }

    /** The record file's name for a guest root. */
    static String fileName(Path guestRoot) {
        return Store.guestKey(guestRoot) + ".refs";
    }

    /** A guest's records by inode; empty when it has none yet. */
    public static Map<Long, DedupeRecord> read(Store store, Path guestRoot) throws IOException {
        Map<Long, DedupeRecord> byInode = new HashMap<>();
        byte[] text = store.readRefs(fileName(guestRoot));
        if (text == null) {
            return byInode;
        }
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            DedupeRecord r = DedupeRecord.parse(line);
            if (r != null) {
                byInode.put(r.ino(), r);
            }
        }
        return byInode;
    }

    /** Replaces a guest's records atomically. */
    public static void write(Store store, Path guestRoot, Collection<DedupeRecord> records) throws IOException {
        StringBuilder b = new StringBuilder("# hashify dedupe records of " + guestRoot + "\n");
        for (DedupeRecord r : records) {
            b.append(r.line()).append('\n');
        }
        store.writeRefs(fileName(guestRoot), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Every record of every guest the store has served, for gc, status and verify. */
    public static List<DedupeRecord> all(Store store) throws IOException {
        List<DedupeRecord> all = new ArrayList<>();
        for (Path root : store.registeredGuests()) {
            all.addAll(read(store, root).values());
        }
        return all;
    }
}
