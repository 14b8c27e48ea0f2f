package org.hashify.plugin.dpkg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hashify.api.ConfigFileList;
import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.ConfigFileCollector;

/** Turns dpkg package records into a guest's configuration files. Pure: records in, a result out. */
final class DpkgConfigFiles {

    private DpkgConfigFiles() {}

    /**
     * The database as dpkg itself would load it: the status file's records, each replaced by its
     * latest record in the journal ({@code updates/}) that an interrupted dpkg run leaves behind.
     *
     * @param journal the journal files' records, oldest file first
     */
    static List<DpkgPackage> merge(List<DpkgPackage> status, List<List<DpkgPackage>> journal) {
        Map<String, DpkgPackage> byOwner = new LinkedHashMap<>();
        status.forEach(p -> byOwner.put(p.owner(), p));
        journal.forEach(file -> file.forEach(p -> byOwner.put(p.owner(), p)));
        return new ArrayList<>(byOwner.values());
    }

    /**
     * The conffiles of every package that may have them on disk; hostile paths become warnings.
     *
     * @param database the database's guest path, for messages
     * @throws PackageDatabaseException when the packages name implausibly many conffiles
     */
    static ConfigFileList collect(String database, List<DpkgPackage> packages) throws PackageDatabaseException {
        ConfigFileCollector collector = new ConfigFileCollector(false, database);
        for (DpkgPackage p : packages) {
            if (p.state().mayHaveConffilesOnDisk()) {
                for (DpkgConffile c : p.conffiles()) {
                    String where = p.source() + " line " + c.line();
                    Optional<String> path = collector.check(c.path(), p.owner(), where);
                    if (path.isPresent()) {
                        collector.add(path.get(), p.owner());
                    }
                }
            }
        }
        return collector.result();
    }
}
