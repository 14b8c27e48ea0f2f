package org.hashify.plugin.lxc;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code lxc.rootfs.path} value split into its storage backend and location: {@code dir:/path},
 * {@code btrfs:/path}, {@code overlay:/lower:/upper}, {@code zfs:pool/fs}, {@code lvm:/dev/vg/lv},
 * or a plain path, which LXC takes for a directory.
 *
 * @param backend the backend's name, {@code dir} for a plain path
 * @param location what follows the backend's prefix, or the whole plain path
 */
record LxcRootfs(String backend, String location) {

    /** The backends whose location is a directory tree hashify can work on as it is. */
    private static final Set<String> DIRECTORY_BACKENDS = Set.of("dir", "btrfs");

    private static final Pattern PREFIXED = Pattern.compile("([a-z][a-z0-9]*):(.*)", Pattern.DOTALL);

    /** Splits a value as LXC does: a path starting with {@code /} has no prefix, even with a colon in it. */
    static LxcRootfs parse(String value) {
        Matcher prefixed = PREFIXED.matcher(value);
        if (!value.startsWith("/") && prefixed.matches()) {
            return new LxcRootfs(prefixed.group(1), prefixed.group(2));
        }
        return new LxcRootfs("dir", value);
    }

    /** Whether the location is a directory on the host, not an image, device or layered mount. */
    boolean isDirectory() {
        return DIRECTORY_BACKENDS.contains(backend);
    }
}
