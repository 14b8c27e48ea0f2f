package org.hashify.plugin.rpm;

import java.util.Optional;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.ConfigFileCollector;

/**
 * Gathers the configuration files of one rpm database, header after header; hostile paths become
 * warnings naming the package and the header. Pure: header bytes in, a result out.
 */
final class RpmConfigFiles {

    private final String database;
    private final ConfigFileCollector collector;

    /** @param database the database's guest path, for messages */
    RpmConfigFiles(String database) {
        this.database = database;
        this.collector = new ConfigFileCollector(false, database);
    }

    /**
     * Adds the configuration files of the package whose header this is.
     *
     * @param header which header of the database it is, for warnings: {@code "package header 12"}
     * @throws MalformedHeaderException when the header is not well formed
     * @throws PackageDatabaseException when the database lists implausibly many configuration files
     */
    void addHeader(byte[] blob, String header) throws MalformedHeaderException, PackageDatabaseException {
        PackageConfig config = ConfigFileExtractor.extract(RpmHeader.parse(blob));
        String where = header + " of " + database;
        for (String raw : config.paths()) {
            Optional<String> path = collector.check(raw, config.packageName(), where);
            if (path.isPresent()) {
                collector.add(path.get(), config.packageName());
            }
        }
    }

    ConfigFileList result() {
        return collector.result();
    }
}
