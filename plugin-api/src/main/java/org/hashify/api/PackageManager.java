package org.hashify.api;

import java.util.List;
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
     * Every configuration file the guest's package database lists, guest-absolute.
     *
     * @throws PackageDatabaseException when the database is missing, corrupt or unsupported
     */
    List<ConfigFile> configFiles(GuestFiles guest) throws PackageDatabaseException;
}
