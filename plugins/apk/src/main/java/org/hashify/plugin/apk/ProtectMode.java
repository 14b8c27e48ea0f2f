package org.hashify.plugin.apk;

/** How apk protects a path, by the symbol that starts a protected-paths rule. */
enum ProtectMode {
    /** {@code -}: not protected, even if a shallower rule protected it. */
    NONE,
    /** {@code +} (and a rule without a symbol): protected once its content differs from the package's. */
    CHANGED,
    /** {@code @}: protected only if it is a modified symbolic link. */
    SYMLINKS_ONLY,
    /** {@code !}: always protected. */
    ALL;

    /**
     * Whether a regular file in this mode is an administrator's file. {@code @} covers only symbolic
     * links, which hashify never shares, so the regular files under it (init scripts) are not.
     */
    boolean coversRegularFiles() {
        return this == CHANGED || this == ALL;
    }
}
