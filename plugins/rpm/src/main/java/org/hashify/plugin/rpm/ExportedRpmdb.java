package org.hashify.plugin.rpm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hashify.api.ConfigFileList;
import org.hashify.api.GuestFiles;
import org.hashify.api.GuestFiles.EntryKind;
import org.hashify.api.PackageDatabaseException;
import org.hashify.api.PinnedFile;

/**
 * Reads an rpm database in Berkeley DB or NDB format: the host's rpm exports the headers of a
 * private copy, and hashify parses them as it parses SQLite rows, so hostile paths meet the same
 * checks whichever format the guest uses.
 */
final class ExportedRpmdb {
    /** NDB keeps an index beside the packages; rpm may want it even to export. */
    private static final String NDB_INDEX = "Index.db";

    private final GuestFiles guest;
    private final RpmdbFile database;

    private ExportedRpmdb(GuestFiles guest, RpmdbFile database) {
        this.guest = guest;
        this.database = database;
    }

    /**
     * The configuration files of every package in the database.
     *
     * @throws PackageDatabaseException when there is no host rpm, it cannot export the database, or
     *     the export is malformed
     */
    static ConfigFileList read(GuestFiles guest, RpmdbFile database, Optional<HostRpm> hostRpm)
            throws PackageDatabaseException {
        ExportedRpmdb reader = new ExportedRpmdb(guest, database);
        return reader.read(hostRpm.orElseThrow(reader::noHostRpm));
    }

    private ConfigFileList read(HostRpm rpm) throws PackageDatabaseException {
        try (PrivateCopy copy = PrivateCopy.create()) {
            Path dbDirectory = Files.createDirectory(copy.directory().resolve("db"));
            Path export = copy.directory().resolve("export.hdr");
            copyInto(dbDirectory);
            rpm.exportHeaders(dbDirectory, database.format(), export);
            RpmConfigFiles files = new RpmConfigFiles(database.guestPath());
            if (parse(export, files) == 0) {
                // An rpm database with no package at all is far likelier a failed export than a guest.
                throw failure("the host's rpm exported no package from it", null);
            }
            return files.result();
        } catch (IOException e) {
            throw failure("it could not be copied and exported (" + e.getMessage() + ")", e);
        } catch (HostRpm.HostRpmException e) {
            throw failure(e.getMessage(), e);
        }
    }

    /** Copies the database files into the directory the host's rpm will read. */
    private void copyInto(Path dbDirectory) throws IOException {
        String path = database.guestPath();
        String directory = path.substring(0, path.lastIndexOf('/'));
        Path packages = dbDirectory.resolve(database.format().fileName());
        try (PinnedFile pinned = guest.pin(path)) {
            Files.copy(pinned.path(), packages);
        }
        if (database.format() == RpmdbFormat.NDB && guest.kind(directory + "/" + NDB_INDEX) == EntryKind.REGULAR) {
            try (PinnedFile pinned = guest.pin(directory + "/" + NDB_INDEX)) {
                Files.copy(pinned.path(), dbDirectory.resolve(NDB_INDEX));
            }
        }
    }

    /** Adds the exported headers' configuration files and says how many headers there were. */
    private int parse(Path export, RpmConfigFiles files) throws IOException, PackageDatabaseException {
        int count = 0;
        try (InputStream in = Files.newInputStream(export)) {
            HeaderStream stream = new HeaderStream(in);
            for (Optional<byte[]> blob = stream.next(); blob.isPresent(); blob = stream.next()) {
                files.addHeader(blob.get(), "exported package header " + (count + 1));
                count++;
            }
            return count;
        } catch (MalformedHeaderException e) {
            throw failure("package header " + (count + 1) + " exported from it " + e.getMessage(), e);
        }
    }

    private PackageDatabaseException noHostRpm() {
        return new PackageDatabaseException(database.guestPath(), "The rpm database " + database.guestPath()
                + " of guest " + guest.guestName() + " is in " + database.format().displayName()
                + " format, which hashify reads through the host's rpm 4.16 or later, and there is no rpmdb at "
                + HostRpm.LOCATIONS.stream().map(Path::toString).collect(Collectors.joining(", "))
                + "; install rpm on the host (Debian: apt-get install rpm),"
                + " or convert the database inside the guest with"
                + " 'rpmdb --rebuilddb --define \"_db_backend sqlite\"'.");
    }

    private PackageDatabaseException failure(String why, Exception cause) {
        return new PackageDatabaseException(database.guestPath(), "The rpm database " + database.guestPath()
                + " of guest " + guest.guestName() + " in " + database.format().displayName()
                + " format could not be read: " + why + "; check that the host's rpm can read "
                + database.format().displayName() + " (backend " + database.format().backend()
                + "), or rebuild the database inside the guest with 'rpmdb --rebuilddb'.", cause);
    }
}
