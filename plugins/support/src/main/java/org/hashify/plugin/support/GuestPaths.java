package org.hashify.plugin.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks paths taken from a guest's package database, which is hostile input: a path is accepted
 * only in a normalised guest-absolute form that cannot leave the guest. Paths are raw text (see
 * {@link RawText}), so lengths are counted in bytes, as Linux counts them, and any byte but NUL and
 * {@code /} may be part of a name.
 */
public final class GuestPaths {

    /** Linux's PATH_MAX (the terminating NUL included) and NAME_MAX, in bytes. */
    private static final int PATH_MAX = 4096;
    private static final int NAME_MAX = 255;

    private GuestPaths() {}

    /**
     * The outcome of checking one path: exactly one of {@code path} and {@code refusal} is set.
     *
     * @param path the normalised guest-absolute path as raw text, or null when refused
     * @param refusal why the path was refused, completing the sentence "the path ...", or null
     */
    public record Checked(String path, String refusal) {
        public Checked {
            if ((path == null) == (refusal == null)) {
                throw new IllegalArgumentException("a checked path is either accepted or refused");
            }
        }

        public boolean accepted() {
            return path != null;
        }
    }

    /**
     * Normalises {@code raw} (repeated slashes and {@code .} components dropped) and refuses it when
     * it holds a NUL, a {@code ..} component, is not absolute, names the root itself, or is longer than
     * any path or file name Linux allows.
     *
     * @param raw the path as the database spells it, one char per byte
     * @param rootRelative whether the database stores paths without their leading slash
     */
    public static Checked check(String raw, boolean rootRelative) {
        if (raw.indexOf('\0') >= 0) {
            return refuse("contains a NUL byte");
        }
        if (raw.length() >= PATH_MAX) {
            return refuse("is longer than any path Linux allows");
        }
        String path = rootRelative ? "/" + raw : raw;
        if (!path.startsWith("/")) {
            return refuse("is not absolute");
        }
        List<String> kept = new ArrayList<>();
        for (String component : path.split("/")) {
            if (component.equals("..")) {
                return refuse("has a '..' component");
            }
            if (component.length() > NAME_MAX) {
                return refuse("has a component longer than any file name Linux allows");
            }
            if (!component.isEmpty() && !component.equals(".")) {
                kept.add(component);
            }
        }
        if (kept.isEmpty()) {
            return refuse("names the root directory");
        }
        return new Checked("/" + String.join("/", kept), null);
    }

    private static Checked refuse(String reason) {
        return new Checked(null, reason);
    }
}
