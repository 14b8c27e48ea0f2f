package org.hashify.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.store.StoreException;
import org.hashify.kernel.store.StoreLockedException;

/** Opening the store for a command, with the command line's errors and exit codes. */
final class StoreAccess {
    private StoreAccess() {
    }

    static Store forWriting(Path dir, String command) throws UserError {
        try {
            return Store.openForWriting(dir, command);
        } catch (StoreLockedException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, e.getMessage(), e);
        } catch (StoreException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Cannot open store " + dir + ": " + e.getMessage(), e);
        }
    }

    static Store readOnly(Path dir, boolean respectLock) throws UserError {
        try {
            return Store.openReadOnly(dir, respectLock);
        } catch (StoreLockedException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, e.getMessage(), e);
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
