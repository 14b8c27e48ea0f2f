package org.hashify.plugin.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hashify.api.ConfigFile;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageDatabaseException;

/**
 * Gathers configuration files named by a database, each path once and byte for byte, and refuses
 * hostile paths with a warning instead of failing: one bad entry must not hide every other
 * configuration file. Paths and package names come in as raw text (see {@link RawText}).
 */
public final class ConfigFileCollector {

    /** Warnings kept in full; a hostile database could otherwise fill memory and logs with them. */
    public static final int MAX_WARNINGS = 100;

    private final boolean rootRelative;
    private final String database;
    private final Map<String, ConfigFile> byPath = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private int unlistedWarnings;

    /**
     * @param rootRelative whether the database stores paths without their leading slash
     * @param database the database's guest path, for the error when it lists too many files
     */
    public ConfigFileCollector(boolean rootRelative, String database) {
        this.rootRelative = rootRelative;
        this.database = database;
    }

    /**
     * The normalised guest-absolute form of a database entry's path, or empty after recording why
     * it was refused. A path that is not valid UTF-8 is accepted: its file exists all the same.
     *
     * @param rawPath the path as the database spells it
     * @param rawOwner the package that names it
     * @param where the database file and line, for the warning
     */
    public Optional<String> check(String rawPath, String rawOwner, String where) {
        GuestPaths.Checked checked = GuestPaths.check(rawPath, rootRelative);
        if (!checked.accepted()) {
            warn(rawPath, rawOwner, where, checked.refusal());
            return Optional.empty();
        }
        return Optional.of(checked.path());
    }

    /**
     * Adds a checked path; the first package to name a path stays its owner.
     *
     * @param path a path that {@link #check} returned
     * @param rawOwner the package that names it, decoded as UTF-8 for the {@link ConfigFile}
     * @throws PackageDatabaseException when the database names more than {@link GuestDatabase#MAX_ENTRIES}
     */
    public void add(String path, String rawOwner) throws PackageDatabaseException {
        if (byPath.size() == GuestDatabase.MAX_ENTRIES && !byPath.containsKey(path)) {
            throw GuestDatabase.tooManyEntries(database, "configuration files");
        }
        byPath.computeIfAbsent(path, p -> new ConfigFile(p, RawText.decode(rawOwner)));
    }

    private void warn(String rawPath, String rawOwner, String where, String refusal) {
        if (warnings.size() == MAX_WARNINGS) {
            unlistedWarnings++;
            return;
        }
        warnings.add("Package " + RawText.printable(rawOwner) + " lists the path '" + RawText.printable(rawPath)
                + "' (" + where + "), which hashify ignored because it " + refusal + ".");
    }

    /** The files added so far, in the order first named, and the warnings. */
    public ConfigFileList result() {
        List<String> all = new ArrayList<>(warnings);
        if (unlistedWarnings > 0) {
            all.add("A further " + unlistedWarnings + " database entries were ignored for the same kinds of reasons.");
        }
        return new ConfigFileList(new ArrayList<>(byPath.values()), all);
    }
}
