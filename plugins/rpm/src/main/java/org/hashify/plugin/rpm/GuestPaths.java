package org.hashify.plugin.rpm;

import java.util.Optional;

/** Checks that a path from a package database is a plain guest-absolute file path before it is used. */
final class GuestPaths {
    private GuestPaths() {}

    /**
     * Why a path cannot be used as a guest-absolute file path, or empty when it can: it must start
     * with {@code /}, contain no NUL byte, no empty, {@code .} or {@code ..} component, and be valid
     * UTF-8 (a header string that was not decodes to U+FFFD).
     */
    static Optional<String> whyUnusable(String path) {
        if (!path.startsWith("/")) {
            return Optional.of("is not absolute");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("contains a NUL byte");
        }
        if (path.indexOf('\uFFFD') >= 0) {
            return Optional.of("is not valid UTF-8");
        }
        if (path.length() == 1) {
            return Optional.of("names the root directory");
        }
        for (String component : path.substring(1).split("/", -1)) {
            if (component.equals("..")) {
                return Optional.of("contains a '..' component");
            }
            if (component.isEmpty() || component.equals(".")) {
                return Optional.of("is not in canonical form");
            }
        }
        return Optional.empty();
    }
}
