package org.hashify.dist.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Help.Ansi;

/**
 * Picocli help text as man(7) text lines. Markup ({@code @|bold x|@}) is rendered by picocli itself into ANSI
 * codes and those become roff fonts, so a man page shows what {@code --help} shows on a terminal.
 */
final class Roff {
    private static final Pattern FORMAT = Pattern.compile("%([n%])");
    private static final Pattern SGR = Pattern.compile("\u001B\\[([0-9;]*)m");

    private Roff() {
    }

    /** Escapes what roff would interpret or typeset (dashes, quotes), so that commands copied from a page work. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\e");
                case '-' -> b.append("\\-");
                case '\'' -> b.append("\\(aq");
                case '`' -> b.append("\\(ga");
                case '"' -> b.append("\\(dq");
                case '~' -> b.append("\\(ti");
                case '^' -> b.append("\\(ha");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String bold(String s) {
        return "\\fB" + escape(s) + "\\fR";
    }

    static String italic(String s) {
        return "\\fI" + escape(s) + "\\fR";
    }

    /** Picocli help text without its markup and format specifiers: the NAME line, examples, tests. */
    static String plain(String picocliText) {
        return Ansi.OFF.string(format(picocliText));
    }

    /** One picocli help text as roff text lines: {@code %n} breaks a line, markup becomes fonts. */
    static List<String> lines(String picocliText) {
        List<String> out = new ArrayList<>();
        for (String line : format(picocliText).split("\n", -1)) {
            out.add(protect(fromAnsi(Ansi.ON.string(line)).strip()));
        }
        return out;
    }

    /** Text with ANSI SGR codes as roff: bold, italic (and underline, as italic) kept; colours dropped. */
    static String fromAnsi(String ansi) {
        StringBuilder b = new StringBuilder();
        boolean bold = false;
        boolean italic = false;
        String font = "R";
        Matcher m = SGR.matcher(ansi);
        int at = 0;
        while (m.find()) {
            b.append(escape(ansi.substring(at, m.start())));
            String[] codes = m.group(1).isEmpty() ? new String[] {"0"} : m.group(1).split(";");
            for (int i = 0; i < codes.length; i++) {
                switch (codes[i]) {
                    case "0" -> {
                        bold = false;
                        italic = false;
                    }
                    case "1" -> bold = true;
                    case "3", "4" -> italic = true;
                    case "21", "22" -> bold = false;
                    case "23", "24" -> italic = false;
                    case "38", "48" -> i = codes.length; // a 256-colour or RGB colour: its arguments are not codes
                    default -> {
                        // other colours and effects: a man page has none
                    }
                }
            }
            String next = bold && italic ? "(BI" : bold ? "B" : italic ? "I" : "R";
            if (!next.equals(font)) {
                b.append("\\f").append(next);
                font = next;
            }
            at = m.end();
        }
        b.append(escape(ansi.substring(at)));
        if (!font.equals("R")) {
            b.append("\\fR");
        }
        return b.toString();
    }

    /** A text line must not start with '.' or '\'', which would make it a request. */
    static String protect(String line) {
        return line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line;
    }

    /** Picocli passes help text through {@link String#format}: only {@code %n} and {@code %%} occur in it. */
    private static String format(String s) {
        return FORMAT.matcher(s).replaceAll(m -> m.group(1).equals("n") ? "\n" : "%");
    }
}
