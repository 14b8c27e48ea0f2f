package org.hashify.plugin.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Stands in for a host tool: a shell script that records its arguments and answers as told. Shared
 * with the guest runtime plugins' tests through this module's test-jar.
 */
public final class FakeTool {

    private FakeTool() {}

    /**
     * Writes an executable script {@code name} in {@code bin} that writes its arguments, one a line,
     * to {@code name.args} beside it and then runs {@code body}.
     */
    public static Path write(Path bin, String name, String body) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args\"\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The arguments the script was last run with, one a line. */
    public static String arguments(Path script) throws IOException {
        return Files.readString(script.resolveSibling(script.getFileName() + ".args"));
    }
}
