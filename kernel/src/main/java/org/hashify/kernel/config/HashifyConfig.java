package org.hashify.kernel.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration: every key optional, and hashify works with none at all.
 *
 * @param store the store directory (default {@code /vservers/.hash})
 * @param guests plain-directory guests: chroots and build roots no runtime knows
 * @param runtimes where each runtime's guests are configured, by runtime id; a runtime absent here
 *     uses its default directory, and the value {@code "off"} turns it off
 * @param exclude an exclude list in the vunify syntax replacing the built-in one
 * @param mode {@code auto}, {@code hardlink} or {@code dedupe}
 * @param minSize files smaller than this are left alone
 * @param pluginDirs more plugin directories
 * @param distroDirs more descriptor directories
 * @param immutable as {@code run --immutable}: hardlink mode freezes store objects (FS_IMMUTABLE_FL)
 */
public record HashifyConfig(Path store, List<GuestEntry> guests, Map<String, String> runtimes, Path exclude, String mode,
        Long minSize, Boolean ignoreMtime, List<Path> pluginDirs, List<Path> distroDirs, Boolean immutable) {

    public static final Path DEFAULT_FILE = Path.of("/etc/hashify/hashify.json");
    public static final Path DEFAULT_STORE = Path.of("/vservers/.hash");
    public static final String RUNTIME_OFF = "off";

    /** A plain guest: a name and a root, and optionally the distribution it is (skipping detection). */
    public record GuestEntry(String name, Path root, String distro) {
        public GuestEntry {
            Objects.requireNonNull(name, "a guest entry needs a \"name\"");
            Objects.requireNonNull(root, "guest " + name + " needs a \"root\"");
            if (name.isBlank() || name.contains("/")) {
                throw new IllegalArgumentException("guest name \"" + name + "\" must be non-empty and without '/'");
            }
            if (!root.isAbsolute()) {
                throw new IllegalArgumentException("guest " + name + ": root " + root + " must be an absolute path");
            }
        }
    }

    public HashifyConfig {
        guests = guests == null ? List.of() : List.copyOf(guests);
        runtimes = runtimes == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(runtimes));
        pluginDirs = pluginDirs == null ? List.of() : List.copyOf(pluginDirs);
        distroDirs = distroDirs == null ? List.of() : List.copyOf(distroDirs);
        if (mode != null && !List.of("auto", "hardlink", "dedupe").contains(mode)) {
            throw new IllegalArgumentException("\"mode\" must be auto, hardlink or dedupe, not \"" + mode + "\"");
        }
        if (Boolean.TRUE.equals(immutable) && "dedupe".equals(mode)) {
            throw new IllegalArgumentException("\"immutable\" is for hardlink mode; with \"mode\": \"dedupe\" each guest "
                    + "keeps its own inode and writes are copy-on-write already");
        }
        if (minSize != null && minSize < 0) {
            throw new IllegalArgumentException("\"minSize\" must not be negative");
        }
        if (store != null && !store.isAbsolute()) {
            throw new IllegalArgumentException("\"store\" must be an absolute path, not " + store);
        }
    }

    /** A configuration without the {@code immutable} key. */
    public HashifyConfig(Path store, List<GuestEntry> guests, Map<String, String> runtimes, Path exclude, String mode,
            Long minSize, Boolean ignoreMtime, List<Path> pluginDirs, List<Path> distroDirs) {
        this(store, guests, runtimes, exclude, mode, minSize, ignoreMtime, pluginDirs, distroDirs, null);
    }

    /** The configuration of a host without a configuration file. */
    public static HashifyConfig defaults() {
        return new HashifyConfig(null, null, null, null, null, null, null, null, null, null);
    }

    public Path storeOrDefault() {
        return store == null ? DEFAULT_STORE : store;
    }

    public long minSizeOrDefault() {
        return minSize == null ? 16 : minSize;
    }

    public boolean ignoreMtimeOrDefault() {
        return ignoreMtime != null && ignoreMtime;
    }

    public boolean immutableOrDefault() {
        return immutable != null && immutable;
    }
}
