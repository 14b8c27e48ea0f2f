package org.hashify.cli;

import picocli.CommandLine.Command;

/** {@code hashify freeze}: make the store objects of guests immutable. */
@Command(name = "freeze", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Set the immutable flag (FS_IMMUTABLE_FL) on every store object the selected guests use, so no guest can "
                + "write into a shared file, and put the store in immutable use, as 'hashify run --immutable' does: later "
                + "runs freeze the objects they link, and pkg and upgrade thaw a guest's objects first and freeze them "
                + "after. Needs root. Takes the store's lock.",
            "",
            "Example: hashify freeze web1 web2"
        })
final class FreezeCommand extends ObjectFlagsCommand {
    @Override
    boolean freezes() {
        return true;
    }
}
