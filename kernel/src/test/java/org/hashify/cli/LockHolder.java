package org.hashify.cli;

import java.nio.file.Path;
import org.hashify.kernel.store.Store;

/** A child process for tests: takes a store's lock, says "locked", and waits to be killed. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Store s = Store.openForWriting(Path.of(args[0]), "hashify run (test lock holder)")) {
            System.out.print(s.exists() ? "locked" : "no store");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
