package org.hashify.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.store.StoreException;

/** Opening the store for a command, with the command line's errors and exit codes. */
final class StoreAccess {
    private StoreAccess() {
    }

    /** Opening a store: locked, of another format, or unreadable all mean exit status 3. */
    private interface Opener {
        Store open() throws StoreException, IOException;
    }

    static Store forWriting(Path dir, String command) throws UserError {
        return open(dir, () -> Store.openForWriting(dir, command));
    }

    static Store readOnly(Path dir, boolean respectLock) throws UserError {
        return open(dir, () -> Store.openReadOnly(dir, respectLock));
    }

    private static Store open(Path dir, Opener opener) throws UserError {
        try {
            return opener.open();
        } catch (StoreException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Cannot open store " + dir + ": " + e.getMessage(), e);
        }
    }

    static void close(Store store) {
        try {
            store.close();
        } catch (IOException e) {
            // the lock goes with the process anyway; nothing a user could do
        }
    }
}
