package org.hashify.plugin.rpm;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.hashify.api.ConfigFile;
import org.hashify.api.GuestFiles;
import org.hashify.api.PackageDatabaseException;
import org.hashify.api.PackageManager;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rpm, as Fedora, RHEL and its rebuilds, openSUSE and Mageia use it: reads the guest's rpm database
 * from the host and lists the files its packages mark {@code %config}.
 *
 * <p>SQLite databases are read directly. Berkeley DB and NDB databases are exported by the host's
 * rpm from a private copy; without one they are reported as unsupported.
 */
@Extension
public final class RpmPackageManager implements PackageManager {
    private static final Logger LOG = LoggerFactory.getLogger(RpmPackageManager.class);

    private final Supplier<Optional<HostRpm>> hostRpm;

    /** The plugin as pf4j creates it, using the host's rpm where one is installed. */
    public RpmPackageManager() {
        this(HostRpm::find);
    }

    /** A plugin that asks {@code hostRpm} for the host's rpm when a database needs one. */
    RpmPackageManager(Supplier<Optional<HostRpm>> hostRpm) {
        this.hostRpm = hostRpm;
    }

    @Override
    public String id() {
        return "rpm";
    }

    @Override
    public boolean isPresent(GuestFiles guest) {
        return RpmdbLocator.anyPresent(guest);
    }

    /** {@inheritDoc} Paths dropped as unusable are logged as warnings naming their package. */
    @Override
    public List<ConfigFile> configFiles(GuestFiles guest) throws PackageDatabaseException {
        ConfigListing listing = listing(guest);
        for (String warning : listing.warnings()) {
            LOG.warn("Guest {}: {}", guest.guestName(), warning);
        }
        return listing.files();
    }

    /** The configuration files of every rpm database in the guest, and the warnings about dropped paths. */
    ConfigListing listing(GuestFiles guest) throws PackageDatabaseException {
        ConfigListing.Builder listing = new ConfigListing.Builder();
        for (RpmdbFile database : RpmdbLocator.locate(guest)) {
            if (database.format() == RpmdbFormat.SQLITE) {
                SqliteRpmdb.read(guest, database.guestPath(), listing);
            } else {
                ExportedRpmdb.read(guest, database, hostRpm.get(), listing);
            }
        }
        return listing.build();
    }
}
