package org.hashify.plugin.dpkg;

import java.util.ArrayList;
import java.util.List;
import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.DatabaseLines;
import org.hashify.plugin.support.DatabaseLines.Line;
import org.hashify.plugin.support.GuestDatabase;
import org.hashify.plugin.support.RawText;

/**
 * Parses one {@code /var/lib/dpkg/info/<package>.conffiles} list, the fallback when a guest has no
 * status file. Pure: bytes in, a package record out.
 */
final class DpkgInfoParser {

    static final String SUFFIX = ".conffiles";

    private DpkgInfoParser() {}

    /**
     * The package a list belongs to, with its conffiles. Only unpacked packages keep such a list, so
     * the record says {@link DpkgState#UNPACKED}: at least that far.
     *
     * @param file the guest path of the list, whose name is {@code <package>[:<arch>].conffiles}
     * @throws PackageDatabaseException when a line carries an unknown flag
     */
    static DpkgPackage parse(String file, byte[] bytes) throws PackageDatabaseException {
        String base = file.substring(file.lastIndexOf('/') + 1);
        if (!base.endsWith(SUFFIX) || base.length() == SUFFIX.length()) {
            throw new IllegalArgumentException(file + " is not named <package>" + SUFFIX);
        }
        // The file name is text; the package record holds raw text, as the status file's do.
        String owner = RawText.ofText(base.substring(0, base.length() - SUFFIX.length()));
        int colon = owner.indexOf(':');
        String name = colon < 0 ? owner : owner.substring(0, colon);
        String arch = colon < 0 ? "" : owner.substring(colon + 1);
        if (name.isEmpty()) {
            throw new PackageDatabaseException(file, "The dpkg conffiles list " + file
                    + " is not named after a package. Remove the stray file and retry.");
        }
        List<DpkgConffile> conffiles = new ArrayList<>();
        for (Line line : DatabaseLines.of(bytes)) {
            String text = line.text().strip();
            if (!text.isEmpty()) {
                if (conffiles.size() == GuestDatabase.MAX_ENTRIES) {
                    throw GuestDatabase.tooManyEntries(file, "conffiles");
                }
                conffiles.add(new DpkgConffile(path(file, line, text), line.number()));
            }
        }
        return new DpkgPackage(name, arch, colon >= 0, DpkgState.UNPACKED, conffiles, file);
    }

    /** A line is {@code /path}, or {@code remove-on-upgrade /path} since dpkg 1.20.6. */
    private static String path(String file, Line line, String text) throws PackageDatabaseException {
        if (text.startsWith("/")) {
            return text;
        }
        int space = text.indexOf(' ');
        if (space > 0 && text.substring(0, space).equals("remove-on-upgrade")) {
            return text.substring(space + 1).strip();
        }
        throw new PackageDatabaseException(file, "The dpkg conffiles list " + file + " is damaged: line "
                + line.number() + " is neither a path nor 'remove-on-upgrade' and a path. Reinstall the"
                + " package that owns it (or restore /var/lib/dpkg/status) and retry.");
    }
}
