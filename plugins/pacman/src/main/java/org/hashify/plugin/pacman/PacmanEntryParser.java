package org.hashify.plugin.pacman;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.DatabaseLines;
import org.hashify.plugin.support.DatabaseLines.Line;
import org.hashify.plugin.support.GuestDatabase;

/**
 * Parses the files of one local-database entry, {@code desc} and {@code files}: sections headed by a
 * {@code %NAME%} line, each holding value lines up to a blank line. Pure: bytes in, records out,
 * values kept as raw text so that a path keeps its exact bytes.
 */
final class PacmanEntryParser {

    private final String file;

    private PacmanEntryParser(String file) {
        this.file = file;
    }

    /**
     * The {@code %NAME%} of a {@code desc} file.
     *
     * @throws PackageDatabaseException when the file is garbled or names no package
     */
    static String name(String descPath, byte[] desc) throws PackageDatabaseException {
        List<Line> values = new PacmanEntryParser(descPath).section(desc, "NAME");
        if (values.size() != 1 || values.get(0).text().isEmpty()) {
            throw new PackageDatabaseException(descPath, "The pacman database file " + descPath
                    + " has no single package name in a %NAME% section. Restore the guest's pacman database"
                    + " from a backup and retry.");
        }
        return values.get(0).text();
    }

    /**
     * The {@code %BACKUP%} entries of a {@code files} file, each {@code path<TAB>md5}.
     *
     * @throws PackageDatabaseException when the file is garbled, naming the line
     */
    static List<PacmanBackup> backups(String filesPath, byte[] files) throws PackageDatabaseException {
        PacmanEntryParser parser = new PacmanEntryParser(filesPath);
        List<PacmanBackup> backups = new ArrayList<>();
        for (Line line : parser.section(files, "BACKUP")) {
            // The hash never holds a tab, so the last tab ends the path whatever the path holds.
            int tab = line.text().lastIndexOf('\t');
            if (tab <= 0) {
                throw parser.garbled(line.number(), "is a %BACKUP% entry without the 'path<TAB>hash' form");
            }
            backups.add(new PacmanBackup(line.text().substring(0, tab), line.number()));
        }
        return backups;
    }

    /**
     * The value lines of one section, empty when the file has none, after checking the structure of
     * the whole file. Other sections' values are not kept: {@code %FILES%} can be long.
     */
    private List<Line> section(byte[] bytes, String wanted) throws PackageDatabaseException {
        DatabaseLines lines = DatabaseLines.of(bytes);
        int truncated = lines.truncatedLine();
        if (truncated > 0) {
            throw garbled(truncated, "ends in the middle of a line; the file was cut short");
        }
        Set<String> seen = new HashSet<>();
        List<Line> values = new ArrayList<>();
        String current = null;
        for (Line line : lines) {
            String text = line.text();
            if (text.isEmpty()) {
                current = null;
            } else if (current != null) {
                if (current.equals(wanted)) {
                    if (values.size() == GuestDatabase.MAX_ENTRIES) {
                        throw GuestDatabase.tooManyEntries(file, "%" + wanted + "% entries");
                    }
                    values.add(line);
                }
            } else if (text.length() > 2 && text.startsWith("%") && text.endsWith("%")) {
                current = text.substring(1, text.length() - 1);
                if (!seen.add(current)) {
                    throw garbled(line.number(), "repeats a section that the file already has");
                }
            } else {
                throw garbled(line.number(), "is neither a %SECTION% header nor inside a section");
            }
        }
        return values;
    }

    private PackageDatabaseException garbled(int line, String problem) {
        return new PackageDatabaseException(file, "The pacman database file " + file + " is damaged: line "
                + line + " " + problem + ". Restore the guest's pacman database from a backup and retry.");
    }
}
