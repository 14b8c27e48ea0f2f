package org.hashify.kernel.distro;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An os-release(5) file: shell-compatible {@code KEY=value} assignments, values optionally in
 * single or double quotes, {@code #} comments and blank lines.
 *
 * <p>A line that is not such an assignment is ignored and its number kept in {@link #ignoredLines()},
 * since a guest's file is untrusted input and one bad line should not hide the rest; a file with
 * no assignment at all, or one that is not text, is an error.
 *
 * @param source where the file was read from, for messages ({@code guest g: /etc/os-release})
 * @param values the assignments in file order, a later one for the same key winning
 * @param ignoredLines the 1-based numbers of lines that were not assignments
 */
public record OsRelease(String source, Map<String, String> values, List<Integer> ignoredLines) {
    /** More than any real os-release file by two orders of magnitude. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Characters the specification requires to be quoted, because a shell would treat them specially. */
    private static final String SHELL_SPECIAL = ";|&<>()$`";

    public OsRelease {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        ignoredLines = List.copyOf(ignoredLines);
    }

    /**
     * Parses a file's bytes.
     *
     * @throws OsReleaseException when the bytes are too many, not UTF-8 text, or hold no assignment
     */
    public static OsRelease parse(String source, byte[] content) throws OsReleaseException {
        if (content.length > MAX_BYTES) {
            throw new OsReleaseException(source + " is " + content.length + " bytes, more than the " + MAX_BYTES
                    + " an os-release file may have");
        }
        String text = decode(source, content);
        Map<String, String> values = new LinkedHashMap<>();
        List<Integer> ignored = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String value = eq > 0 && KEY.matcher(line.substring(0, eq)).matches() ? value(line, eq + 1) : null;
            if (value == null) {
                ignored.add(i + 1);
            } else {
                values.put(line.substring(0, eq), value);
            }
        }
        if (values.isEmpty()) {
            throw new OsReleaseException(source + " has no KEY=value line" + (ignored.isEmpty() ? "" : " ("
                    + ignored.size() + " unreadable)") + "; it is not an os-release file");
        }
        return new OsRelease(source, values, ignored);
    }

    private static String decode(String source, byte[] content) throws OsReleaseException {
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b >= 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
                throw new OsReleaseException(source + " is binary (control byte 0x" + String.format("%02x", b)
                        + " at offset " + i + "), not an os-release file");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString()
                    .replace("\r", "");
        } catch (CharacterCodingException e) {
            throw new OsReleaseException(source + " is not UTF-8 text, not an os-release file");
        }
    }

    /**
     * The value of an assignment as a POSIX shell would read it, or null when the line is not a
     * plain assignment (an unterminated quote, an unquoted special character, a second word).
     */
    private static String value(String line, int start) {
        StringBuilder out = new StringBuilder();
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                int end = doubleQuoted(line, i + 1, out);
                if (end < 0) {
                    return null;
                }
                i = end + 1;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                out.append(line, i + 1, end);
                i = end + 1;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    return null; // a line continuation: not supported by the specification
                }
                out.append(line.charAt(i + 1));
                i += 2;
            } else if (Character.isWhitespace(c)) {
                String rest = line.substring(i).strip();
                return rest.isEmpty() || rest.startsWith("#") ? out.toString() : null;
            } else if (SHELL_SPECIAL.indexOf(c) >= 0) {
                return null;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Appends a double-quoted string's content; returns the index of the closing quote, or -1. */
    private static int doubleQuoted(String line, int from, StringBuilder out) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && "$\"\\`".indexOf(line.charAt(i + 1)) >= 0) {
                out.append(line.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return -1;
    }

    /** The value of a key, when assigned. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** {@code ID}, lower-cased; empty when absent. */
    public String id() {
        return get("ID").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
    }

    /** The words of {@code ID_LIKE}, lower-cased, closest relative first. */
    public List<String> idLike() {
        String like = get("ID_LIKE").orElse("").strip().toLowerCase(Locale.ROOT);
        return like.isEmpty() ? List.of() : List.of(like.split("\\s+"));
    }

    /** {@code VERSION_ID}, else {@code BUILD_ID} (rolling releases have only that), else empty. */
    public String version() {
        return get("VERSION_ID").filter(v -> !v.isBlank())
                .or(() -> get("BUILD_ID").filter(v -> !v.isBlank()))
                .map(String::strip)
                .orElse("");
    }
}
