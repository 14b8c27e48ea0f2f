package org.hashify.plugin.support;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.hashify.api.GuestFiles;
import org.hashify.api.PackageDatabaseException;

/** Reads database files through {@link GuestFiles}, turning I/O failures into database errors. */
public final class GuestDatabase {

    /** The largest database file read; real ones stay far below, a hostile guest could offer more. */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    /**
     * The most entries (files, conffiles) a database may list; real systems list a few hundred
     * thousand at most, and the cap keeps a hostile database from exhausting memory.
     */
    public static final int MAX_ENTRIES = 1_000_000;

    private GuestDatabase() {}

    /** The whole file, or empty when nothing exists at the path. */
    public static Optional<byte[]> read(GuestFiles guest, String path) throws PackageDatabaseException {
        try {
            return guest.read(path, MAX_FILE_BYTES);
        } catch (IOException e) {
            throw new PackageDatabaseException(path, "Cannot read the package database file " + path
                    + " of guest " + guest.guestName() + ": " + e.getMessage()
                    + ". It must be a regular file (not a symbolic link) of at most "
                    + (MAX_FILE_BYTES >> 20) + " MiB; repair the guest's package database and retry.", e);
        }
    }

    /** The error for a database that lists more than {@link #MAX_ENTRIES} entries. */
    public static PackageDatabaseException tooManyEntries(String path, String what) {
        return new PackageDatabaseException(path, "The package database file " + path + " lists more than "
                + MAX_ENTRIES + " " + what + ", far more than any real system; it is refused as damaged."
                + " Repair the guest's package database and retry.");
    }

    /** The names in a database directory, sorted; empty when it does not exist. */
    public static List<String> list(GuestFiles guest, String dir) throws PackageDatabaseException {
        try {
            return guest.list(dir);
        } catch (IOException e) {
            throw new PackageDatabaseException(dir, "Cannot list the package database directory " + dir
                    + " of guest " + guest.guestName() + ": " + e.getMessage()
                    + ". It must be a directory reached without symbolic links; repair the guest and retry.", e);
        }
    }

    /** What a database path names. */
    public static GuestFiles.EntryKind kind(GuestFiles guest, String path) throws PackageDatabaseException {
        try {
            return guest.kind(path);
        } catch (IOException e) {
            throw new PackageDatabaseException(path, "Cannot examine " + path + " in guest "
                    + guest.guestName() + ": " + e.getMessage()
                    + ". Package database paths must be reached without symbolic links; repair the guest"
                    + " and retry.", e);
        }
    }

    /**
     * Whether {@code path} is of the given kind, answering yes when the guest cannot be examined: then
     * {@code configFiles} reports the problem and the guest is skipped, where a "no" could let a guest's
     * configuration files be shared.
     */
    public static boolean looksLike(GuestFiles guest, String path, GuestFiles.EntryKind kind) {
        try {
            return guest.kind(path) == kind;
        } catch (IOException e) {
            return true;
        }
    }
}
