package org.hashify.api;

import org.pf4j.ExtensionPoint;

/**
 * A package manager whose database hashify reads from the host, without starting the guest.
 *
 * <p>Implementations read only through the {@link GuestFiles} they are given and start no process
 * inside the guest. The kernel treats every returned path as hostile and checks it again.
 */
public interface PackageManager extends ExtensionPoint {

    /** A short stable name, as descriptors and users write it: {@code dpkg}, {@code rpm}. */
    String id();

    /** Whether this package manager's database exists in the guest. */
    boolean isPresent(GuestFiles guest);

    /**
     * Every configuration file the guest's package database lists, guest-absolute, with a warning
     * for each entry refused. Never an empty list for a database that could not be read: that is
     * a {@link PackageDatabaseException}, since sharing a configuration file cannot be undone.
     *
     * @throws PackageDatabaseException when the database is missing, corrupt or unsupported
     */
    ConfigFileList configFiles(GuestFiles guest) throws PackageDatabaseException;
}
