package org.hashify.plugin.rpm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hashify.api.ConfigFile;
import org.hashify.api.ConfigFileList;
import org.hashify.api.GuestFiles;
import org.hashify.api.PackageDatabaseException;
import org.hashify.api.PackageManager;
import org.pf4j.Extension;

/**
 * rpm, as Fedora, RHEL and its rebuilds, openSUSE and Mageia use it: reads the guest's rpm database
 * from the host and lists the files its packages mark {@code %config}.
 *
 * <p>SQLite databases are read directly. Berkeley DB and NDB databases are exported by the host's
 * rpm from a private copy; without one they are reported as unsupported.
 */
@Extension
public final class RpmPackageManager implements PackageManager {
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

    /** {@inheritDoc} Reads every rpm database the guest has (see {@link RpmdbLocator}). */
    @Override
    public ConfigFileList configFiles(GuestFiles guest) throws PackageDatabaseException {
        List<ConfigFileList> databases = new ArrayList<>();
        for (RpmdbFile database : RpmdbLocator.locate(guest)) {
            databases.add(database.format() == RpmdbFormat.SQLITE
                    ? SqliteRpmdb.read(guest, database.guestPath())
                    : ExportedRpmdb.read(guest, database, hostRpm.get()));
        }
        return merge(databases);
    }

    /** Every path once, with the owner the first database gives it, and every warning. */
    private static ConfigFileList merge(List<ConfigFileList> databases) {
        Map<String, ConfigFile> byPath = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (ConfigFileList database : databases) {
            database.files().forEach(file -> byPath.putIfAbsent(file.rawPath(), file));
            warnings.addAll(database.warnings());
        }
        return new ConfigFileList(new ArrayList<>(byPath.values()), warnings);
    }
}
