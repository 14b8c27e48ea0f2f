package org.hashify.kernel.store;

import java.nio.file.Path;

/** Another process holds the store's lock. */
public final class StoreLockedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreLockedException(Path store, String holder) {
        super("Store " + store + " is locked by " + holder + ". Wait for that run to finish; "
                + "the lock is released automatically when it exits, even if it is killed.");
    }
}
