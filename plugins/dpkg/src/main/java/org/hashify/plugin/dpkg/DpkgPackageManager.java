package org.hashify.plugin.dpkg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hashify.api.ConfigFileList;
import org.hashify.api.GuestFiles;
import org.hashify.api.GuestFiles.EntryKind;
import org.hashify.api.PackageDatabaseException;
import org.hashify.api.PackageManager;
import org.hashify.plugin.support.GuestDatabase;
import org.pf4j.Extension;

/**
 * dpkg, read offline from {@code /var/lib/dpkg}: the conffiles of every package that still has files
 * on disk, removed-but-not-purged packages included.
 */
@Extension
public final class DpkgPackageManager implements PackageManager {

    static final String ADMIN_DIR = "/var/lib/dpkg";
    static final String STATUS = ADMIN_DIR + "/status";
    static final String UPDATES = ADMIN_DIR + "/updates";
    static final String INFO = ADMIN_DIR + "/info";

    @Override
    public String id() {
        return "dpkg";
    }

    /** {@inheritDoc} Also true when the guest cannot be examined, so that {@link #configFiles} says why. */
    @Override
    public boolean isPresent(GuestFiles guest) {
        return GuestDatabase.looksLike(guest, STATUS, EntryKind.REGULAR)
                || GuestDatabase.looksLike(guest, INFO, EntryKind.DIRECTORY);
    }

    /**
     * {@inheritDoc} Reads the status file with its journal, or, when a guest has no status file,
     * every {@code info/*.conffiles} list.
     */
    @Override
    public ConfigFileList configFiles(GuestFiles guest) throws PackageDatabaseException {
        Optional<byte[]> status = GuestDatabase.read(guest, STATUS);
        if (status.isPresent()) {
            return DpkgConfigFiles.collect(STATUS, DpkgConfigFiles.merge(
                    DpkgStatusParser.parse(STATUS, status.get()), journal(guest)));
        }
        if (GuestDatabase.kind(guest, INFO) != EntryKind.DIRECTORY) {
            throw new PackageDatabaseException(STATUS, "Guest " + guest.guestName() + " has neither " + STATUS
                    + " nor " + INFO + ", so its dpkg configuration files cannot be known. Restore the dpkg"
                    + " database or set the guest's package manager correctly.");
        }
        return DpkgConfigFiles.collect(INFO, infoLists(guest));
    }

    /** The journal files dpkg names with digits only, oldest first, as dpkg replays them. */
    private static List<List<DpkgPackage>> journal(GuestFiles guest) throws PackageDatabaseException {
        List<String> names = new ArrayList<>(GuestDatabase.list(guest, UPDATES));
        names.removeIf(n -> n.isEmpty() || !n.chars().allMatch(c -> c >= '0' && c <= '9'));
        names.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        List<List<DpkgPackage>> journal = new ArrayList<>();
        for (String name : names) {
            String path = UPDATES + "/" + name;
            // A journal file that vanished since listing was merged by a dpkg run meanwhile.
            Optional<byte[]> bytes = GuestDatabase.read(guest, path);
            if (bytes.isPresent()) {
                journal.add(DpkgStatusParser.parse(path, bytes.get()));
            }
        }
        return journal;
    }

    private static List<DpkgPackage> infoLists(GuestFiles guest) throws PackageDatabaseException {
        List<DpkgPackage> packages = new ArrayList<>();
        long conffiles = 0;
        for (String name : GuestDatabase.list(guest, INFO)) {
            if (name.endsWith(DpkgInfoParser.SUFFIX) && name.length() > DpkgInfoParser.SUFFIX.length()) {
                String path = INFO + "/" + name;
                Optional<byte[]> bytes = GuestDatabase.read(guest, path);
                if (bytes.isPresent()) {
                    DpkgPackage p = DpkgInfoParser.parse(path, bytes.get());
                    conffiles += p.conffiles().size();
                    if (conffiles > GuestDatabase.MAX_ENTRIES) {
                        throw GuestDatabase.tooManyEntries(INFO, "conffiles");
                    }
                    packages.add(p);
                }
            }
        }
        return packages;
    }
}
