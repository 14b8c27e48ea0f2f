package org.hashify.plugin.apk;

import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.DatabaseLines;
import org.hashify.plugin.support.DatabaseLines.Line;

/**
 * Parses apk's installed database ({@code lib/apk/db/installed}): records separated by blank lines,
 * each line {@code X:value}, where {@code P:} names the package, {@code F:} a directory and each
 * {@code R:} a file in the directory before it. Pure: bytes in, files out one at a time, so that the
 * hundreds of thousands of files of a large guest are never all held.
 */
final class ApkInstalledParser {

    private final String file;
    private final ApkFile.Sink sink;

    // The record being read.
    private Line start;
    private String name;
    private String directory;

    private ApkInstalledParser(String file, ApkFile.Sink sink) {
        this.file = file;
        this.sink = sink;
    }

    /**
     * Hands every installed file to {@code sink}, in database order.
     *
     * @param file the guest path of the database, for messages
     * @throws PackageDatabaseException when the database is truncated or garbled, naming the line, or
     *     when the sink refuses a file
     */
    static void parse(String file, byte[] bytes, ApkFile.Sink sink) throws PackageDatabaseException {
        new ApkInstalledParser(file, sink).parse(bytes);
    }

    private void parse(byte[] bytes) throws PackageDatabaseException {
        DatabaseLines lines = DatabaseLines.of(bytes);
        int truncated = lines.truncatedLine();
        if (truncated > 0) {
            throw garbled(truncated, "ends in the middle of a line; the file was cut short");
        }
        for (Line line : lines) {
            if (line.text().isEmpty()) {
                endRecord();
            } else {
                field(line);
            }
        }
        endRecord();
    }

    private void field(Line line) throws PackageDatabaseException {
        String text = line.text();
        if (text.length() < 2 || text.charAt(1) != ':' || !Character.isLetter(text.charAt(0))) {
            throw garbled(line.number(), "is not a 'X:value' line");
        }
        if (start == null) {
            start = line;
        }
        String value = text.substring(2);
        switch (text.charAt(0)) {
            case 'P' -> {
                if (name != null || value.isEmpty()) {
                    throw garbled(line.number(), "is a second or empty package name (P:) in one record");
                }
                name = value;
            }
            case 'F' -> {
                // apk stores directories without their trailing slash; be lenient about one.
                directory = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
            case 'R' -> file(line, value);
            default -> {
                // Versions, checksums, permissions and dependencies say nothing about configuration.
            }
        }
    }

    private void file(Line line, String value) throws PackageDatabaseException {
        if (name == null) {
            // apk writes P: before any F: or R:; without it the owner is unknown.
            throw garbled(line.number(), "names a file (R:) before its record's package name (P:)");
        }
        if (directory == null) {
            throw garbled(line.number(), "names a file (R:) before any directory (F:) of its record");
        }
        if (value.isEmpty()) {
            throw garbled(line.number(), "is a file entry (R:) without a name");
        }
        String path = directory.isEmpty() ? value : directory + "/" + value;
        sink.accept(new ApkFile(name, path, line.number()));
    }

    private void endRecord() throws PackageDatabaseException {
        if (start != null && name == null) {
            throw garbled(start.number(), "starts a record without a package name (P:)");
        }
        start = null;
        name = null;
        directory = null;
    }

    private PackageDatabaseException garbled(int line, String problem) {
        return new PackageDatabaseException(file, "The apk database " + file + " is damaged: line "
                + line + " " + problem + ". Restore it from a backup and retry.");
    }
}
