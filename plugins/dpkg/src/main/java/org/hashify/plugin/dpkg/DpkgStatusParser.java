package org.hashify.plugin.dpkg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.DatabaseLines;
import org.hashify.plugin.support.DatabaseLines.Line;
import org.hashify.plugin.support.GuestDatabase;
import org.hashify.plugin.support.RawText;

/**
 * Parses dpkg's status format (deb822 stanzas, as in {@code /var/lib/dpkg/status} and the journal
 * files in {@code updates/}) into package records. Pure: bytes in, records out, every value kept as
 * raw text so that a conffile path keeps its exact bytes.
 */
final class DpkgStatusParser {

    private static final String CONFFILES = "conffiles";
    private static final String OBSOLETE = "obsolete";
    private static final String REMOVE_ON_UPGRADE = "remove-on-upgrade";

    private final String file;
    private final List<DpkgPackage> packages = new ArrayList<>();
    private int conffileCount;

    // The stanza being read. Only Conffiles keeps its continuation lines: descriptions can be long.
    private final Map<String, Field> stanza = new HashMap<>();
    private Line stanzaStart;
    private Field current;
    private List<DpkgConffile> conffiles = new ArrayList<>();

    private DpkgStatusParser(String file) {
        this.file = file;
    }

    /**
     * Every package record of a status file, in file order.
     *
     * @param file the guest path of the file, for messages
     * @throws PackageDatabaseException when the file is truncated or garbled, naming the line
     */
    static List<DpkgPackage> parse(String file, byte[] bytes) throws PackageDatabaseException {
        return new DpkgStatusParser(file).parse(bytes);
    }

    /** A field's first line and value. */
    private record Field(String key, Line line, String value) {}

    private List<DpkgPackage> parse(byte[] bytes) throws PackageDatabaseException {
        DatabaseLines lines = DatabaseLines.of(bytes);
        int truncated = lines.truncatedLine();
        if (truncated > 0) {
            throw garbled(truncated, "ends in the middle of a line; the file was cut short");
        }
        for (Line line : lines) {
            if (line.isBlank()) {
                endStanza();
            } else if (line.text().charAt(0) == ' ' || line.text().charAt(0) == '\t') {
                continuation(line);
            } else {
                field(line);
            }
        }
        endStanza();
        return packages;
    }

    private void field(Line line) throws PackageDatabaseException {
        String text = line.text();
        int colon = text.indexOf(':');
        if (colon <= 0 || text.substring(0, colon).chars().anyMatch(c -> c <= ' ')) {
            throw garbled(line.number(), "is neither a 'Name: value' field nor a continuation line");
        }
        current = new Field(text.substring(0, colon).toLowerCase(Locale.ROOT), line, text.substring(colon + 1).strip());
        if (stanza.putIfAbsent(current.key(), current) != null) {
            throw garbled(line.number(), "repeats a field that the record already has");
        }
        if (stanzaStart == null) {
            stanzaStart = line;
        }
        if (current.key().equals(CONFFILES) && !current.value().isEmpty()) {
            throw garbled(line.number(), "has a value on the Conffiles line itself, where dpkg puts one conffile"
                    + " per continuation line");
        }
    }

    private void continuation(Line line) throws PackageDatabaseException {
        if (current == null) {
            throw garbled(line.number(), "is a continuation line outside any field");
        }
        if (current.key().equals(CONFFILES)) {
            if (++conffileCount > GuestDatabase.MAX_ENTRIES) {
                throw GuestDatabase.tooManyEntries(file, "conffiles");
            }
            conffiles.add(conffile(line));
        }
    }

    private void endStanza() throws PackageDatabaseException {
        if (stanzaStart != null) {
            packages.add(toPackage());
        }
        stanza.clear();
        stanzaStart = null;
        current = null;
        conffiles = new ArrayList<>();
    }

    private DpkgPackage toPackage() throws PackageDatabaseException {
        Field name = stanza.get("package");
        if (name == null || name.value().isEmpty() || name.value().contains(" ")) {
            throw garbled(stanzaStart.number(), "starts a record without a valid Package field");
        }
        Field status = stanza.get("status");
        if (status == null) {
            throw garbled(stanzaStart.number(), "starts the record of package " + RawText.printable(name.value())
                    + ", which has no Status field");
        }
        Field arch = stanza.get("architecture");
        Field multiArch = stanza.get("multi-arch");
        return new DpkgPackage(
                name.value(),
                arch == null ? "" : arch.value(),
                multiArch != null && multiArch.value().equals("same"),
                state(status),
                conffiles,
                file);
    }

    private DpkgState state(Field status) throws PackageDatabaseException {
        String[] words = status.value().split("\\s+");
        if (words.length != 3) {
            throw garbled(status.line().number(), "is a Status field without the three words 'want flag state'");
        }
        return DpkgState.of(words[2]).orElseThrow(() -> garbled(status.line().number(),
                "names an unknown package state '" + RawText.printable(words[2]) + "'"));
    }

    /**
     * Reads {@code " /path hash [obsolete] [remove-on-upgrade]"} from the right, because a path may
     * contain spaces and the hash and flags never do.
     */
    private DpkgConffile conffile(Line line) throws PackageDatabaseException {
        String rest = line.text().strip();
        int flags = 0;
        while (true) {
            int space = rest.lastIndexOf(' ');
            if (space < 0) {
                throw garbled(line.number(), "is a conffile entry without the 'path hash' pair");
            }
            String word = rest.substring(space + 1);
            String before = rest.substring(0, space).stripTrailing();
            if ((word.equals(OBSOLETE) || word.equals(REMOVE_ON_UPGRADE)) && flags < 2) {
                flags++;
                rest = before;
                continue;
            }
            if (before.isEmpty()) {
                throw garbled(line.number(), "is a conffile entry without a path");
            }
            return new DpkgConffile(before, line.number());
        }
    }

    private PackageDatabaseException garbled(int line, String problem) {
        return new PackageDatabaseException(file, "The dpkg database " + file + " is damaged: line "
                + line + " " + problem + ". Restore the database from a backup (dpkg keeps the previous"
                + " status in /var/lib/dpkg/status-old) and retry.");
    }
}
