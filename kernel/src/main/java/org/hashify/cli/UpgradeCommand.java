package org.hashify.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hashify.kernel.distro.Detection;
import org.hashify.kernel.guest.KnownGuest;
import picocli.CommandLine.Command;

/** {@code hashify upgrade}: each guest's own upgrade command, from its distribution descriptor. */
@Command(name = "upgrade", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "hashify upgrade [OPTIONS] [GUEST...]",
        description = {
            "Upgrade the selected guests, each with its distribution's own upgrade command from its descriptor (e.g. "
                + "apt-get update && apt-get -y dist-upgrade, dnf -y upgrade, apk upgrade, pacman -Syu --noconfirm), "
                + "then re-hashify the guests that upgraded.",
            "",
            "Example: hashify upgrade --all --parallel 2"
        })
final class UpgradeCommand extends PkgCommand {
    UpgradeCommand() {
        super(null, Set.of());
    }

    @Override
    boolean needsDetection() {
        return true;
    }

    @Override
    boolean upgrades() {
        return true;
    }

    @Override
    Optional<List<String>> commandFor(KnownGuest guest, Detection detection, List<String> args, PrintWriter err) {
        if (!args.isEmpty()) {
            err.println("hashify: upgrade takes no command; use 'hashify pkg' to run one. Guest " + guest.name()
                    + " skipped.");
            return Optional.empty();
        }
        if (detection == null || detection.knownDescriptor().isEmpty()) {
            err.println("hashify: guest " + guest.name() + ": no distribution descriptor says how to upgrade it; add one "
                    + "in /etc/hashify/distros.d or use 'hashify pkg'. Guest skipped.");
            return Optional.empty();
        }
        return Optional.of(detection.descriptor().upgradeCommand());
    }
}
