package org.hashify.cli;

import picocli.CommandLine;

/** The version recorded in the kernel jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"hashify " + (v == null ? "(development build)" : v),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"),
            "SHA-256 by " + org.hashify.kernel.os.Sha256.implementation()};
    }
}
