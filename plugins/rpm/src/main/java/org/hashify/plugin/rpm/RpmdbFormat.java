package org.hashify.plugin.rpm;

/** The storage backends of rpm's database, each known by the file that holds its package headers. */
enum RpmdbFormat {
    /** rpm 4.16 on (Fedora 33+, RHEL 9, openSUSE since 2021): headers in an SQLite table. */
    SQLITE("rpmdb.sqlite", "sqlite", "SQLite"),
    /** rpm's own format, openSUSE's default for a while. */
    NDB("Packages.db", "ndb", "NDB"),
    /** Berkeley DB, the format of rpm before 4.16 (RHEL 8 and older). */
    BDB("Packages", "bdb_ro", "Berkeley DB");

    private final String fileName;
    private final String backend;
    private final String displayName;

    RpmdbFormat(String fileName, String backend, String displayName) {
        this.fileName = fileName;
        this.backend = backend;
        this.displayName = displayName;
    }

    /** The name of the file that holds the package headers, inside the database directory. */
    String fileName() {
        return fileName;
    }

    /** The value of rpm's {@code %_db_backend} macro that reads this format without writing it. */
    String backend() {
        return backend;
    }

    String displayName() {
        return displayName;
    }
}
