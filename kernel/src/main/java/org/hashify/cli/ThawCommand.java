package org.hashify.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.hashify.kernel.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hashify thaw}: make the store objects of guests writable again. */
@Command(name = "thaw", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Clear the immutable flag (FS_IMMUTABLE_FL) on every store object the selected guests use, so the guests and "
                + "their package managers may write, replace and delete those files. An object is one file for every "
                + "guest that shares it: it thaws for all of them. The next run, pkg or freeze on a store in immutable "
                + "use freezes the objects again. Takes the store's lock.",
            "",
            "Example: hashify thaw web1",
            "Example: hashify thaw --all --for-good"
        })
final class ThawCommand extends ObjectFlagsCommand {
    @Option(names = "--for-good",
            description = "Also take the store out of immutable use (remove STORE/immutable), so later runs stop freezing; "
                + "with --all, nothing stays frozen.")
    boolean forGood;

    @Override
    boolean freezes() {
        return false;
    }

    @Override
    void afterStore(Path storeDir) throws UserError {
        if (!forGood) {
            return;
        }
        Store store = StoreAccess.forWriting(storeDir, "hashify thaw --for-good");
        try {
            store.immutable(false);
        } catch (IOException e) {
            throw new UserError(ExitCode.UNEXPECTED_STATE, "Cannot take store " + storeDir + " out of immutable use: "
                    + e.getMessage(), e);
        } finally {
            StoreAccess.close(store);
        }
    }
}
