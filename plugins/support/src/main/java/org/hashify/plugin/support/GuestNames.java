package org.hashify.plugin.support;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks the guest names a runtime reads from its configuration directory. The directories are the
 * administrator's, but a name still ends up in one-line messages and on the command lines of the
 * runtime's tools, so only names that print and pass as one argument are accepted.
 */
public final class GuestNames {

    private static final String NOT_ENCODABLE = "is not valid in the host's file name encoding";

    private GuestNames() {}

    /**
     * Why the directory entry's name cannot be a guest name, completing "the name ...", or empty
     * when it can.
     */
    public static Optional<String> refusal(Path entry) {
        Path fileName = entry.getFileName();
        if (fileName == null) {
            return Optional.of("is empty");
        }
        String name = fileName.toString();
        // Bytes that are not valid in the host's file name encoding do not survive the trip to a String.
        try {
            if (!fileName.equals(fileName.getFileSystem().getPath(name))) {
                return Optional.of(NOT_ENCODABLE);
            }
        } catch (InvalidPathException e) {
            return Optional.of(NOT_ENCODABLE);
        }
        return refusal(name);
    }

    /** Why {@code name} cannot be a guest name, completing "the name ...", or empty when it can. */
    public static Optional<String> refusal(String name) {
        if (name.isBlank()) {
            return Optional.of("is blank");
        }
        if (name.indexOf('/') >= 0) {
            return Optional.of("contains '/'");
        }
        if (name.indexOf('\uFFFD') >= 0) {
            return Optional.of(NOT_ENCODABLE);
        }
        if (name.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0))) {
            return Optional.of("contains a control character such as a newline");
        }
        if (name.startsWith("-")) {
            return Optional.of("starts with '-', which the runtime's tools would take for an option");
        }
        return Optional.empty();
    }

    /** A name, or any text from a configuration, fit for a one-line message: control characters escaped. */
    public static String printable(String name) {
        return RawText.printable(RawText.ofText(name));
    }
}
