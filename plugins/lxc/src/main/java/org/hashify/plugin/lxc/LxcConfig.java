package org.hashify.plugin.lxc;

import java.util.Optional;

/**
 * The part of a container's {@code config} file that hashify needs: where its root file system is.
 * The format is LXC's: {@code key = value} lines, {@code #} comment lines.
 */
final class LxcConfig {

    /** The key since LXC 2.1. */
    static final String ROOTFS_PATH = "lxc.rootfs.path";
    /** The key before LXC 2.1, still found in configurations never migrated. */
    static final String OLD_ROOTFS = "lxc.rootfs";

    private LxcConfig() {}

    /**
     * The value of the last {@code lxc.rootfs.path} or {@code lxc.rootfs} line, as LXC keeps the last
     * one set; empty when neither is set or the last is empty, which clears it. Files pulled in with
     * {@code lxc.include} are not read: {@code lxc-create} writes the root file system into the
     * container's own file.
     */
    static Optional<String> rootfs(String config) {
        String value = null;
        for (String line : config.split("\n", -1)) {
            String entry = line.strip();
            int equals = entry.indexOf('=');
            if (entry.startsWith("#") || equals < 0) {
                continue;
            }
            String key = entry.substring(0, equals).strip();
            if (key.equals(ROOTFS_PATH) || key.equals(OLD_ROOTFS)) {
                value = entry.substring(equals + 1).strip();
            }
        }
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
