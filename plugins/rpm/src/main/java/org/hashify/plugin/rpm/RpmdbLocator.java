package org.hashify.plugin.rpm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hashify.api.GuestFiles;
import org.hashify.api.GuestFiles.EntryKind;
import org.hashify.api.PackageDatabaseException;

/** Finds the rpm databases of a guest in the directories where distributions keep them. */
final class RpmdbLocator {
    /**
     * Where rpm keeps its database: /usr/lib/sysimage/rpm since Fedora 36 and openSUSE 2021, where
     * /var/lib/rpm became a symbolic link to it, and /var/lib/rpm before.
     */
    static final List<String> DIRECTORIES = List.of("/usr/lib/sysimage/rpm", "/var/lib/rpm");

    /** rpm converts forward (SQLite replaced NDB and Berkeley DB) and may leave older files behind. */
    private static final List<RpmdbFormat> NEWEST_FIRST =
            List.of(RpmdbFormat.SQLITE, RpmdbFormat.NDB, RpmdbFormat.BDB);

    private RpmdbLocator() {}

    /**
     * The database of each directory that holds one, in its newest format. Both directories count
     * when both hold a database: listing a stale database's configuration files as well only
     * shares less, while picking the wrong one could share a configuration file.
     *
     * @throws PackageDatabaseException when no directory holds a database, a database file is not a
     *     regular file, or the directories cannot be examined
     */
    static List<RpmdbFile> locate(GuestFiles guest) throws PackageDatabaseException {
        List<RpmdbFile> found = new ArrayList<>();
        List<String> linkedDirectories = new ArrayList<>();
        for (String directory : DIRECTORIES) {
            EntryKind kind = kindOf(guest, directory);
            if (kind == EntryKind.SYMLINK) {
                linkedDirectories.add(directory);
            } else if (kind == EntryKind.DIRECTORY) {
                inDirectory(guest, directory).ifPresent(found::add);
            }
        }
        if (found.isEmpty()) {
            String links = linkedDirectories.isEmpty() ? ""
                    : " (" + String.join(" and ", linkedDirectories)
                            + " is a symbolic link, which hashify never follows inside a guest)";
            throw new PackageDatabaseException(DIRECTORIES.get(0), "Guest " + guest.guestName()
                    + " has no rpm database in " + String.join(" or ", DIRECTORIES) + links
                    + "; check that the guest uses rpm, or name its package manager in its configuration.");
        }
        return found;
    }

    /**
     * Whether any of the directories holds a database file, whatever its state. A path the guest
     * view refuses to examine counts as absent: this only decides whether rpm is the guest's package
     * manager, and {@link #locate} reports the refusal.
     */
    static boolean anyPresent(GuestFiles guest) {
        for (String directory : DIRECTORIES) {
            for (RpmdbFormat format : NEWEST_FIRST) {
                try {
                    if (guest.kind(directory + "/" + format.fileName()) != EntryKind.MISSING) {
                        return true;
                    }
                } catch (IOException refused) {
                    // Absent for this question, as the method says.
                }
            }
        }
        return false;
    }

    private static Optional<RpmdbFile> inDirectory(GuestFiles guest, String directory)
            throws PackageDatabaseException {
        for (RpmdbFormat format : NEWEST_FIRST) {
            String path = directory + "/" + format.fileName();
            EntryKind kind = kindOf(guest, path);
            if (kind == EntryKind.REGULAR) {
                return Optional.of(new RpmdbFile(path, format));
            }
            if (kind != EntryKind.MISSING) {
                throw new PackageDatabaseException(path, "The rpm database " + path + " of guest "
                        + guest.guestName() + " is a " + kind.name().toLowerCase(Locale.ROOT)
                        + ", not a regular file, and hashify reads no database through a link; replace it"
                        + " with the file itself, or rebuild the database inside the guest with 'rpmdb --rebuilddb'.");
            }
        }
        return Optional.empty();
    }

    private static EntryKind kindOf(GuestFiles guest, String path) throws PackageDatabaseException {
        try {
            return guest.kind(path);
        } catch (IOException e) {
            throw new PackageDatabaseException(path, "Cannot examine " + path + " in guest " + guest.guestName()
                    + " while looking for its rpm database: " + e.getMessage()
                    + "; check that the guest's root is readable.", e);
        }
    }
}
