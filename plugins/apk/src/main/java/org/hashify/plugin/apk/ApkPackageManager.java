package org.hashify.plugin.apk;

import java.util.Optional;
import org.hashify.api.ConfigFileList;
import org.hashify.api.GuestFiles;
import org.hashify.api.GuestFiles.EntryKind;
import org.hashify.api.PackageDatabaseException;
import org.hashify.api.PackageManager;
import org.hashify.plugin.support.GuestDatabase;
import org.pf4j.Extension;

/**
 * apk (Alpine), read offline: the installed files that apk protects, by its built-in rules and the
 * guest's {@code /etc/apk/protected_paths.d/*.list}.
 */
@Extension
public final class ApkPackageManager implements PackageManager {

    static final String DATABASE = "/lib/apk/db/installed";
    /** Where usr-merged systems keep it, with /lib a symbolic link to usr/lib. */
    static final String USR_DATABASE = "/usr/lib/apk/db/installed";
    static final String PROTECTED_PATHS = "/etc/apk/protected_paths.d";

    @Override
    public String id() {
        return "apk";
    }

    /** {@inheritDoc} Also true when the guest cannot be examined, so that {@link #configFiles} says why. */
    @Override
    public boolean isPresent(GuestFiles guest) {
        // Most usr-merged guests (Debian, Fedora, Arch) link /lib too: only their /usr/lib can tell.
        if (GuestDatabase.looksLike(guest, "/lib", EntryKind.SYMLINK)) {
            return GuestDatabase.looksLike(guest, USR_DATABASE, EntryKind.REGULAR);
        }
        return GuestDatabase.looksLike(guest, DATABASE, EntryKind.REGULAR)
                || GuestDatabase.looksLike(guest, USR_DATABASE, EntryKind.REGULAR);
    }

    /** {@inheritDoc} Reads the installed database and the protected-path lists. */
    @Override
    public ConfigFileList configFiles(GuestFiles guest) throws PackageDatabaseException {
        String database = databasePath(guest);
        byte[] installed = GuestDatabase.read(guest, database).orElseThrow(() -> new PackageDatabaseException(
                database, "Guest " + guest.guestName() + " has no apk database at " + DATABASE + " or "
                        + USR_DATABASE + ", so its configuration files cannot be known. Restore the database"
                        + " or set the guest's package manager correctly."));
        ApkConfigFiles configFiles = new ApkConfigFiles(database, protectedPaths(guest));
        ApkInstalledParser.parse(database, installed, configFiles);
        return configFiles.result();
    }

    /** {@link #DATABASE}, unless /lib is a symbolic link or holds none and /usr/lib has one. */
    private static String databasePath(GuestFiles guest) throws PackageDatabaseException {
        boolean libIsLink = GuestDatabase.kind(guest, "/lib") == EntryKind.SYMLINK;
        if (!libIsLink && GuestDatabase.kind(guest, DATABASE) != EntryKind.MISSING) {
            return DATABASE;
        }
        return GuestDatabase.kind(guest, USR_DATABASE) != EntryKind.MISSING || libIsLink ? USR_DATABASE : DATABASE;
    }

    /** The built-in rules, then each list in name order; apk skips hidden files and other names. */
    private static ProtectedPaths protectedPaths(GuestFiles guest) throws PackageDatabaseException {
        ProtectedPaths rules = ProtectedPaths.builtIn();
        for (String name : GuestDatabase.list(guest, PROTECTED_PATHS)) {
            if (name.endsWith(".list") && !name.startsWith(".")) {
                String path = PROTECTED_PATHS + "/" + name;
                Optional<byte[]> list = GuestDatabase.read(guest, path);
                if (list.isPresent()) {
                    rules = rules.plus(path, list.get());
                }
            }
        }
        return rules;
    }
}
