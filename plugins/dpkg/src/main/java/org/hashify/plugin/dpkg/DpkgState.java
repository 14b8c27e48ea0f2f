package org.hashify.plugin.dpkg;

import java.util.Optional;

/** The third word of a dpkg {@code Status:} field: how far a package is installed. */
enum DpkgState {
    NOT_INSTALLED("not-installed"),
    CONFIG_FILES("config-files"),
    HALF_INSTALLED("half-installed"),
    UNPACKED("unpacked"),
    HALF_CONFIGURED("half-configured"),
    TRIGGERS_AWAITED("triggers-awaited"),
    TRIGGERS_PENDING("triggers-pending"),
    INSTALLED("installed");

    private final String word;

    DpkgState(String word) {
        this.word = word;
    }

    /**
     * Whether the package's conffiles may be on disk. Every state but {@code not-installed} qualifies:
     * {@code config-files} is what a removed package leaves behind, and it is exactly its conffiles.
     */
    boolean mayHaveConffilesOnDisk() {
        return this != NOT_INSTALLED;
    }

    /** The state that dpkg spells {@code word}, if any. */
    static Optional<DpkgState> of(String word) {
        for (DpkgState state : values()) {
            if (state.word.equals(word)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
