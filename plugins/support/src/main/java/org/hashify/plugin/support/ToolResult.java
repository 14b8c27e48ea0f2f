package org.hashify.plugin.support;

import java.util.List;
import java.util.Objects;

/**
 * How a host tool run by {@link HostTools#probe} ended.
 *
 * @param command the command line, the tool's absolute path first
 * @param exitStatus its exit status
 * @param output its standard output, decoded as UTF-8
 * @param errors its standard error, decoded as UTF-8
 */
public record ToolResult(List<String> command, int exitStatus, String output, String errors) {

    /** The longest stretch of a tool's error output quoted in a message. */
    private static final int MAX_QUOTED = 300;

    public ToolResult {
        command = List.copyOf(command);
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(errors, "errors");
    }

    /**
     * One line for an error message: the command, its exit status and what it wrote to standard
     * error (or, when that is empty, to standard output), shortened and with control characters escaped.
     */
    public String describe() {
        String said = errors.isBlank() ? output : errors;
        String quoted = said.strip().replaceAll("\\s+", " ");
        if (quoted.length() > MAX_QUOTED) {
            quoted = quoted.substring(0, MAX_QUOTED) + "...";
        }
        return "'" + String.join(" ", command) + "' exited with status " + exitStatus
                + (quoted.isEmpty() ? " and no message" : ": " + RawText.printable(RawText.ofText(quoted)));
    }
}
