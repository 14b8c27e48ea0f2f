package org.hashify.plugin.pacman;

import org.hashify.api.ConfigFileList;
import org.hashify.api.GuestFiles;
import org.hashify.api.GuestFiles.EntryKind;
import org.hashify.api.PackageDatabaseException;
import org.hashify.api.PackageManager;
import org.hashify.plugin.support.GuestDatabase;
import org.pf4j.Extension;

/**
 * pacman (Arch), read offline from {@code /var/lib/pacman/local}: the backup files of every installed
 * package, which pacman keeps as {@code .pacnew} or {@code .pacsave} rather than overwrite.
 */
@Extension
public final class PacmanPackageManager implements PackageManager {

    /** The default DBPath's local database; a guest that moved DBPath in pacman.conf is not followed. */
    static final String LOCAL = "/var/lib/pacman/local";

    @Override
    public String id() {
        return "pacman";
    }

    /** {@inheritDoc} Also true when the guest cannot be examined, so that {@link #configFiles} says why. */
    @Override
    public boolean isPresent(GuestFiles guest) {
        return GuestDatabase.looksLike(guest, LOCAL, EntryKind.DIRECTORY);
    }

    /** {@inheritDoc} Reads every entry of the local database: one directory per installed package. */
    @Override
    public ConfigFileList configFiles(GuestFiles guest) throws PackageDatabaseException {
        if (GuestDatabase.kind(guest, LOCAL) != EntryKind.DIRECTORY) {
            throw new PackageDatabaseException(LOCAL, "Guest " + guest.guestName() + " has no pacman database"
                    + " directory " + LOCAL + ", so its configuration files cannot be known. Restore the"
                    + " database or set the guest's package manager correctly.");
        }
        PacmanConfigFiles configFiles = new PacmanConfigFiles(LOCAL);
        for (String name : GuestDatabase.list(guest, LOCAL)) {
            String entry = LOCAL + "/" + name;
            switch (GuestDatabase.kind(guest, entry)) {
                case DIRECTORY -> configFiles.add(readEntry(guest, entry));
                case REGULAR, MISSING -> {
                    // ALPM_DB_VERSION and the like; or an entry that pacman removed since listing.
                }
                default -> throw new PackageDatabaseException(entry, "The pacman database entry " + entry
                        + " of guest " + guest.guestName() + " is not a directory; hashify does not follow"
                        + " symbolic links in guests. Replace it with the directory it stands for and retry.");
            }
        }
        return configFiles.result();
    }

    private static PacmanPackage readEntry(GuestFiles guest, String entry) throws PackageDatabaseException {
        String descPath = entry + "/desc";
        String filesPath = entry + "/files";
        String name = PacmanEntryParser.name(descPath, required(guest, descPath));
        return new PacmanPackage(name, filesPath, PacmanEntryParser.backups(filesPath, required(guest, filesPath)));
    }

    private static byte[] required(GuestFiles guest, String path) throws PackageDatabaseException {
        return GuestDatabase.read(guest, path).orElseThrow(() -> new PackageDatabaseException(path,
                "The pacman database of guest " + guest.guestName() + " lacks " + path + ", which pacman writes"
                        + " for every installed package. Restore the database from a backup and retry."));
    }
}
