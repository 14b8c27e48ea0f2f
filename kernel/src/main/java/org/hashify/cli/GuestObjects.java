package org.hashify.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hashify.kernel.engine.Freezer;
import org.hashify.kernel.guest.KnownGuest;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.ObjectRef;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.store.StoreException;

/**
 * Thaws or freezes the store objects that guests use, store by store, with the store's lock held:
 * for thaw, freeze, and around pkg and upgrade.
 */
final class GuestObjects {
    /** What happened to one guest's objects. */
    record Outcome(String guest, String root, String store, long objects, long changed, long unchanged,
            List<String> problems) {
    }

    private GuestObjects() {
    }

    /** The guests grouped by their store, as run groups them. */
    static Map<Path, List<KnownGuest>> byStore(Host host, List<KnownGuest> guests, Path storeOption) {
        Map<Path, List<KnownGuest>> byStore = new LinkedHashMap<>();
        for (KnownGuest g : guests) {
            byStore.computeIfAbsent(host.store(g, storeOption), k -> new ArrayList<>()).add(g);
        }
        return byStore;
    }

    /** Whether a store directory holds a hashify store at all. */
    static boolean exists(Path storeDir) {
        return Files.isRegularFile(storeDir.resolve("FORMAT"), LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether a store is in immutable use (it carries the marker that run --immutable writes). */
    static boolean inImmutableUse(Path storeDir) throws UserError {
        if (!exists(storeDir)) {
            return false;
        }
        Store store = StoreAccess.readOnly(storeDir, false);
        try {
            return store.immutable();
        } finally {
            StoreAccess.close(store);
        }
    }

    /**
     * Sets ({@code freeze}) or clears the immutable flag on the objects each guest of one store uses.
     * Opens the store for writing, so no run links objects meanwhile.
     */
    static List<Outcome> apply(Path storeDir, List<KnownGuest> guests, boolean freeze, String command)
            throws UserError {
        Store store = StoreAccess.forWriting(storeDir, command);
        try {
            if (freeze) {
                Freezer.checkSupported(store);
            }
            ObjectIndex index = store.index();
            List<Outcome> outcomes = new ArrayList<>();
            for (KnownGuest g : guests) {
                List<String> problems = new ArrayList<>();
                Set<ObjectRef> objects;
                try {
                    objects = Freezer.objectsOf(store, index, g.name(), g.root(), problems::add);
                } catch (OsException e) {
                    outcomes.add(new Outcome(g.name(), g.root().toString(), storeDir.toString(), 0, 0, 0,
                            List.of(e.getMessage() + "; guest skipped")));
                    continue;
                }
                Freezer.Result r = freeze ? Freezer.freeze(store, objects) : Freezer.thaw(store, objects);
                problems.addAll(r.problems());
                outcomes.add(new Outcome(g.name(), g.root().toString(), storeDir.toString(), objects.size(), r.changed(),
                        r.unchanged(), problems));
            }
            if (freeze) {
                store.immutable(true);
            }
            return outcomes;
        } catch (StoreException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Store " + storeDir + ": " + e.getMessage(), e);
        } finally {
            StoreAccess.close(store);
        }
    }

    /** Freezes every object of a store, e.g. after a package operation; the problems, one line each. */
    static Freezer.Result freezeAll(Path storeDir, String command) throws UserError {
        Store store = StoreAccess.forWriting(storeDir, command);
        try {
            Freezer.checkSupported(store);
            return Freezer.freezeAll(store);
        } catch (StoreException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Store " + storeDir + ": " + e.getMessage(), e);
        } finally {
            StoreAccess.close(store);
        }
    }

    /**
     * Around a package operation: thaws the objects of the guests whose store is in immutable use,
     * and afterwards, whatever happened, freezes those stores again.
     */
    static final class PackageThaw {
        private final List<Path> stores;
        private final PrintWriter err;
        private final String command;
        private boolean failed;

        private PackageThaw(List<Path> stores, PrintWriter err, String command) {
            this.stores = stores;
            this.err = err;
            this.command = command;
        }

        /** Thaws; a guest whose objects could not all be thawed is reported, and its package manager may fail. */
        static PackageThaw before(Host host, List<KnownGuest> guests, Path storeOption, PrintWriter err, String command)
                throws UserError {
            List<Path> frozen = new ArrayList<>();
            PackageThaw thaw = new PackageThaw(frozen, err, command);
            for (Map.Entry<Path, List<KnownGuest>> group : byStore(host, guests, storeOption).entrySet()) {
                if (!exists(group.getKey())
                        || !(host.config.immutableOrDefault() || inImmutableUse(group.getKey()))) {
                    continue; // nothing there is frozen
                }
                frozen.add(group.getKey());
                for (Outcome o : apply(group.getKey(), group.getValue(), false, command)) {
                    thaw.report(o.problems());
                }
            }
            return thaw;
        }

        /** Freezes every object of the stores thawed before: also those the guests no longer use. */
        void freezeAgain() {
            for (Path store : stores) {
                try {
                    report(freezeAll(store, command).problems());
                } catch (UserError e) {
                    report(List.of(e.getMessage() + " Its objects stay writable; run 'hashify restore-flags --store "
                            + store + "'."));
                }
            }
        }

        boolean failed() {
            return failed;
        }

        private void report(List<String> problems) {
            for (String p : problems) {
                err.println("hashify: " + p);
                failed = true;
            }
        }
    }
}
