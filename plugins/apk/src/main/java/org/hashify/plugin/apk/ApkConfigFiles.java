package org.hashify.plugin.apk;

import java.util.Optional;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.ConfigFileCollector;

/**
 * Keeps the installed files that apk protects as the guest's configuration files; hostile paths
 * become warnings. Pure: files in, a result out.
 */
final class ApkConfigFiles implements ApkFile.Sink {

    private final String database;
    private final ProtectedPaths protectedPaths;
    private final ConfigFileCollector collector;

    /** @param database the database's guest path, for messages */
    ApkConfigFiles(String database, ProtectedPaths protectedPaths) {
        this.database = database;
        this.protectedPaths = protectedPaths;
        this.collector = new ConfigFileCollector(true, database);
    }

    @Override
    public void accept(ApkFile file) throws PackageDatabaseException {
        String where = database + " line " + file.line();
        Optional<String> path = collector.check(file.path(), file.owner(), where);
        if (path.isPresent() && protectedPaths.modeOf(path.get()).coversRegularFiles()) {
            collector.add(path.get(), file.owner());
        }
    }

    ConfigFileList result() {
        return collector.result();
    }
}
