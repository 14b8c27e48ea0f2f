package org.hashify.plugin.dpkg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hashify.api.ConfigFile;
import org.hashify.api.PackageDatabaseException;

/**
 * Gathers configuration files named by a database, each path once, and refuses hostile paths with a
 * warning instead of failing: one bad entry must not hide every other configuration file.
 */
final class ConfigFileCollector {

    /** Warnings kept in full; a hostile database could otherwise fill memory and logs with them. */
    static final int MAX_WARNINGS = 100;

    private final boolean rootRelative;
    private final String database;
    private final Map<String, ConfigFile> byPath = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private int unlistedWarnings;

    /**
     * @param rootRelative whether the database stores paths without their leading slash
     * @param database the database's guest path, for the error when it lists too many files
     */
    ConfigFileCollector(boolean rootRelative, String database) {
        this.rootRelative = rootRelative;
        this.database = database;
    }

    /**
     * The normalised guest-absolute form of a database entry's path, or empty after recording why
     * it was refused.
     *
     * @param raw the path as the database spells it
     * @param utf8 whether the database bytes of the path were valid UTF-8
     * @param owner the package that names it
     * @param where the database file and line, for the warning
     */
    Optional<String> check(String raw, boolean utf8, String owner, String where) {
        if (!utf8) {
            warn(raw, owner, where, "is not valid UTF-8, so hashify cannot name the file");
            return Optional.empty();
        }
        GuestPaths.Checked checked = GuestPaths.check(raw, rootRelative);
        if (!checked.accepted()) {
            warn(raw, owner, where, checked.refusal());
            return Optional.empty();
        }
        return Optional.of(checked.path());
    }

    /**
     * Adds a checked path; the first package to name a path stays its owner.
     *
     * @throws PackageDatabaseException when the database names more than {@link GuestDatabase#MAX_ENTRIES}
     */
    void add(String path, String owner) throws PackageDatabaseException {
        if (byPath.size() == GuestDatabase.MAX_ENTRIES && !byPath.containsKey(path)) {
            throw GuestDatabase.tooManyEntries(database, "configuration files");
        }
        byPath.putIfAbsent(path, new ConfigFile(path, owner));
    }

    private void warn(String raw, String owner, String where, String refusal) {
        if (warnings.size() == MAX_WARNINGS) {
            unlistedWarnings++;
            return;
        }
        warnings.add("Package " + GuestPaths.printable(owner) + " lists the path '" + GuestPaths.printable(raw)
                + "' (" + where + "), which hashify ignored because it " + refusal + ".");
    }

    ScanResult result() {
        List<String> all = new ArrayList<>(warnings);
        if (unlistedWarnings > 0) {
            all.add("A further " + unlistedWarnings + " database entries were ignored for the same kinds of reasons.");
        }
        return new ScanResult(new ArrayList<>(byPath.values()), all);
    }
}
