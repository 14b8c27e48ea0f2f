package org.hashify.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every command that works on guests needs to know about the host: plugins, descriptors, package management. */
final class HostOptions {
    @Mixin
    PluginOptions plugins;

    @Mixin
    DistroOptions distros;

    @Option(names = "--no-pkgmgmt",
            description = "Do not read package databases: rely on the exclude list alone to keep configuration files "
                + "private. The report flags every guest run this way.")
    boolean noPackageManagement;
}
