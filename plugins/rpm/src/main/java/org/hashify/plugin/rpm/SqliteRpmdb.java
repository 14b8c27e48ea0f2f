package org.hashify.plugin.rpm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.hashify.api.ConfigFileList;
import org.hashify.api.GuestFiles;
import org.hashify.api.GuestFiles.EntryKind;
import org.hashify.api.PackageDatabaseException;
import org.hashify.api.PinnedFile;
import org.sqlite.JDBC;

/**
 * Reads the package headers of an rpm database in SQLite format, table {@code Packages(hnum, blob)},
 * from a private copy, so that nothing is ever written or opened by name inside the guest.
 *
 * <p>Why a copy: SQLite resolves the {@code /proc/self/fd} path of a pinned file to the file's name
 * and opens that name, so a guest swapping a directory at the right moment could point it at a host
 * file; and without {@code immutable=1} it creates {@code -wal} and {@code -shm} files beside the
 * guest's database, while with it a journal the guest holds (an rpm transaction running or cut
 * short) would be ignored. Copying through the pinned file and its non-empty journals lets SQLite
 * apply the journals as rpm would, on a file no guest can reach. A database that changes while it
 * is copied may be read in an earlier state, as any reader of a changing database might.
 */
final class SqliteRpmdb {
    private static final List<String> JOURNAL_SUFFIXES = List.of("-wal", "-journal");
    private static final String COPY_NAME = "rpmdb.sqlite";
    private static final String REMEDY =
            "rebuild it inside the guest with 'rpmdb --rebuilddb', or restore it from a backup";

    private final GuestFiles guest;
    private final String dbPath;

    private SqliteRpmdb(GuestFiles guest, String dbPath) {
        this.guest = guest;
        this.dbPath = dbPath;
    }

    /**
     * The configuration files of every package in the database.
     *
     * @throws PackageDatabaseException when the file is not an SQLite rpm database or a header in
     *     it is malformed
     */
    static ConfigFileList read(GuestFiles guest, String dbPath) throws PackageDatabaseException {
        return new SqliteRpmdb(guest, dbPath).read();
    }

    private ConfigFileList read() throws PackageDatabaseException {
        try (PrivateCopy copy = PrivateCopy.create()) {
            Path db = copy.copy(guest, dbPath, COPY_NAME);
            for (String suffix : journals()) {
                copy.copy(guest, dbPath + suffix, COPY_NAME + suffix);
            }
            RpmConfigFiles files = new RpmConfigFiles(dbPath);
            readHeaders(uri(db), files);
            return files.result();
        } catch (IOException e) {
            throw new PackageDatabaseException(dbPath, "Cannot copy the rpm database " + dbPath + " of guest "
                    + guest.guestName() + " to read it: " + e.getMessage()
                    + "; check that the file is readable and the temporary directory has room for it.", e);
        }
    }

    /** The suffixes of the journals beside the database that hold something SQLite must apply. */
    private List<String> journals() throws IOException, PackageDatabaseException {
        List<String> journals = new ArrayList<>();
        for (String suffix : JOURNAL_SUFFIXES) {
            String path = dbPath + suffix;
            EntryKind kind = guest.kind(path);
            if (kind == EntryKind.MISSING) {
                continue;
            }
            if (kind != EntryKind.REGULAR) {
                throw new PackageDatabaseException(path, "The journal " + path + " of the rpm database of guest "
                        + guest.guestName() + " is not a regular file, so the database cannot be read as rpm"
                        + " would read it; remove it, then " + REMEDY + ".");
            }
            try (PinnedFile pinned = guest.pin(path)) {
                if (Files.size(pinned.path()) > 0) {
                    journals.add(suffix);
                }
            }
        }
        return journals;
    }

    /** Reads every header of the private copy; read-write, so that SQLite can apply a copied journal. */
    private void readHeaders(String uri, RpmConfigFiles files) throws PackageDatabaseException {
        // The driver is called directly: DriverManager checks the caller's class loader, and a
        // plugin's class loader is not the one that registered the driver.
        try (Connection connection = new JDBC().connect("jdbc:sqlite:" + uri, new Properties())) {
            if (connection == null) {
                throw new SQLException("the SQLite driver refused the address " + uri);
            }
            requirePackagesTable(connection);
            refuseOversizedHeaders(connection);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT hnum, blob FROM Packages ORDER BY hnum")) {
                while (rows.next()) {
                    addHeader(rows.getLong(1), rows.getBytes(2), files);
                }
            }
        } catch (SQLException e) {
            throw new PackageDatabaseException(dbPath, "The rpm database " + dbPath + " of guest " + guest.guestName()
                    + " cannot be read as SQLite (" + e.getMessage() + "); " + REMEDY + ".", e);
        }
    }

    private void requirePackagesTable(Connection connection) throws SQLException, PackageDatabaseException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM pragma_table_info('Packages') WHERE name IN ('hnum', 'blob')");
                ResultSet result = query.executeQuery()) {
            if (!result.next() || result.getInt(1) != 2) {
                throw new PackageDatabaseException(dbPath, "The SQLite file " + dbPath + " of guest "
                        + guest.guestName() + " has no table Packages(hnum, blob), so it is not an rpm database; "
                        + REMEDY + ".");
            }
        }
    }

    /** Refuses a blob larger than any header rpm writes before anything allocates room for it. */
    private void refuseOversizedHeaders(Connection connection) throws SQLException, PackageDatabaseException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT hnum, length(blob) FROM Packages WHERE length(blob) > ? LIMIT 1")) {
            query.setLong(1, RpmHeader.MAX_LENGTH);
            try (ResultSet result = query.executeQuery()) {
                if (result.next()) {
                    throw new PackageDatabaseException(dbPath, "Package header " + result.getLong(1)
                            + " in the rpm database " + dbPath + " of guest " + guest.guestName() + " is "
                            + result.getLong(2) + " bytes long, more than rpm allows; " + REMEDY + ".");
                }
            }
        }
    }

    private void addHeader(long hnum, byte[] blob, RpmConfigFiles files) throws PackageDatabaseException {
        try {
            if (blob == null) {
                throw new MalformedHeaderException("is empty");
            }
            files.addHeader(blob, "package header " + hnum);
        } catch (MalformedHeaderException e) {
            throw new PackageDatabaseException(dbPath, "Package header " + hnum + " in the rpm database " + dbPath
                    + " of guest " + guest.guestName() + " " + e.getMessage() + "; " + REMEDY + ".", e);
        }
    }

    /** An SQLite URI for a host path, with every byte outside the unreserved set percent-encoded. */
    static String uri(Path path) {
        StringBuilder uri = new StringBuilder("file:");
        for (byte b : path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
                uri.append(c);
            } else {
                uri.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return uri.toString();
    }
}
