package org.hashify.plugin.pacman;

import java.util.Optional;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.ConfigFileCollector;

/**
 * Gathers the backup files of pacman packages, made guest-absolute, as the guest's configuration
 * files; hostile paths become warnings. Pure: packages in, a result out.
 */
final class PacmanConfigFiles {

    private final ConfigFileCollector collector;

    /** @param database the local database's guest path, for messages */
    PacmanConfigFiles(String database) {
        this.collector = new ConfigFileCollector(true, database);
    }

    /** Adds one package's backup files. */
    void add(PacmanPackage p) throws PackageDatabaseException {
        for (PacmanBackup b : p.backups()) {
            Optional<String> path = collector.check(b.path(), p.name(), p.filesPath() + " line " + b.line());
            if (path.isPresent()) {
                collector.add(path.get(), p.name());
            }
        }
    }

    ConfigFileList result() {
        return collector.result();
    }
}
