package org.hashify.cli;

import java.util.Set;
import picocli.CommandLine.Command;

/**
 * The wrapper names util-vserver users know (vapt-get, vyum, vrpm), and more: each runs its
 * binary in the selected guests of its distribution family and refuses the others.
 */
final class PackageAliases {
    private PackageAliases() {
    }

    @Command(name = "apt-get", mixinStandardHelpOptions = true,
            customSynopsis = "hashify apt-get [OPTIONS] [GUEST...] -- [ARGS...]",
            description = {"Run apt-get in the selected Debian-family guests, then re-hashify them (vapt-get).", "",
                "Example: hashify apt-get --all -- -y dist-upgrade"})
    static final class AptGet extends PkgCommand {
        AptGet() {
            super("apt-get", Set.of("debian"));
        }
    }

    @Command(name = "yum", mixinStandardHelpOptions = true,
            customSynopsis = "hashify yum [OPTIONS] [GUEST...] -- [ARGS...]",
            description = {"Run yum in the selected Red Hat-family guests, then re-hashify them (vyum).", "",
                "Example: hashify yum --all -- -y update"})
    static final class Yum extends PkgCommand {
        Yum() {
            super("yum", Set.of("redhat"));
        }
    }

    @Command(name = "dnf", mixinStandardHelpOptions = true,
            customSynopsis = "hashify dnf [OPTIONS] [GUEST...] -- [ARGS...]",
            description = {"Run dnf in the selected Red Hat-family guests, then re-hashify them.", "",
                "Example: hashify dnf web1 -- -y upgrade"})
    static final class Dnf extends PkgCommand {
        Dnf() {
            super("dnf", Set.of("redhat"));
        }
    }

    @Command(name = "rpm", mixinStandardHelpOptions = true,
            customSynopsis = "hashify rpm [OPTIONS] [GUEST...] -- [ARGS...]",
            description = {"Run rpm in the selected rpm-based guests (Red Hat, SUSE, Mandrake), then re-hashify them (vrpm).",
                "", "Example: hashify rpm web1 -- -Uvh /tmp/fix.rpm"})
    static final class Rpm extends PkgCommand {
        Rpm() {
            super("rpm", Set.of("redhat", "suse", "mandrake"));
        }
    }

    @Command(name = "apk", mixinStandardHelpOptions = true,
            customSynopsis = "hashify apk [OPTIONS] [GUEST...] -- [ARGS...]",
            description = {"Run apk in the selected Alpine guests, then re-hashify them.", "",
                "Example: hashify apk --all -- upgrade"})
    static final class Apk extends PkgCommand {
        Apk() {
            super("apk", Set.of("alpine"));
        }
    }

    @Command(name = "pacman", mixinStandardHelpOptions = true,
            customSynopsis = "hashify pacman [OPTIONS] [GUEST...] -- [ARGS...]",
            description = {"Run pacman in the selected Arch guests, then re-hashify them.", "",
                "Example: hashify pacman --all -- -Syu --noconfirm"})
    static final class Pacman extends PkgCommand {
        Pacman() {
            super("pacman", Set.of("arch"));
        }
    }
}
