package org.hashify.plugin.apk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hashify.api.PackageDatabaseException;
import org.hashify.plugin.support.DatabaseLines;
import org.hashify.plugin.support.DatabaseLines.Line;

/**
 * apk's protected-path rules (apk-protected_paths(5)): its built-in defaults followed by the lines of
 * {@code /etc/apk/protected_paths.d/*.list}. Immutable.
 *
 * <p>As in apk, a path takes its parent directory's mode, and a rule with exactly as many components
 * as the path, each matching as a wildcard, overrides it; among such rules the last one wins. So a
 * deeper rule beats a shallower one whatever their order.
 */
final class ProtectedPaths {

    /** The rules apk applies before reading any list: all of /etc but init scripts, and its own files. */
    static final String BUILT_IN = "+etc\n@etc/init.d\n!etc/apk\n";

    /**
     * The most rules and the longest pattern accepted. Real lists hold a few lines; the caps bound the
     * wildcard matching that a hostile guest could otherwise make very slow.
     */
    static final int MAX_RULES = 256;
    static final int MAX_PATTERN = 4096;

    private record Rule(List<String> pattern, ProtectMode mode) {}

    private final List<Rule> rules;

    private ProtectedPaths(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** apk's built-in rules alone. */
    static ProtectedPaths builtIn() {
        List<Rule> rules = new ArrayList<>();
        for (Line line : DatabaseLines.of(BUILT_IN.getBytes(StandardCharsets.UTF_8))) {
            rules.add(rule(line.text()));
        }
        return new ProtectedPaths(rules);
    }

    /**
     * These rules followed by those of one list file; empty lines and {@code #} comments are skipped.
     *
     * @param file the list's guest path, for messages
     * @throws PackageDatabaseException when the list holds more rules or longer patterns than the caps
     */
    ProtectedPaths plus(String file, byte[] list) throws PackageDatabaseException {
        List<Rule> more = new ArrayList<>(rules);
        for (Line line : DatabaseLines.of(list)) {
            String text = line.text();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (more.size() == MAX_RULES || text.length() > MAX_PATTERN) {
                throw new PackageDatabaseException(file, "The apk protected-paths list " + file + " is not"
                        + " plausible: line " + line.number() + " makes more than " + MAX_RULES + " rules in all"
                        + " or a pattern longer than " + MAX_PATTERN + " characters. Shorten the lists in "
                        + ApkPackageManager.PROTECTED_PATHS + " and retry.");
            }
            more.add(rule(text));
        }
        return new ProtectedPaths(more);
    }

    /** A rule from a list line: its symbol (or '+' when it has none) and its pattern between slashes. */
    private static Rule rule(String text) {
        ProtectMode mode = switch (text.charAt(0)) {
            case '-' -> ProtectMode.NONE;
            case '+' -> ProtectMode.CHANGED;
            case '@' -> ProtectMode.SYMLINKS_ONLY;
            case '!' -> ProtectMode.ALL;
            default -> null;
        };
        String pattern = mode == null ? text : text.substring(1);
        return new Rule(List.of(trimSlashes(pattern).split("/", -1)), mode == null ? ProtectMode.CHANGED : mode);
    }

    /**
     * The mode of a normalised guest-absolute path. Path and patterns are raw text, so wildcards
     * match byte by byte, as {@code fnmatch(3)} does in the C locale.
     */
    ProtectMode modeOf(String guestPath) {
        String[] components = guestPath.substring(1).split("/");
        ProtectMode mode = ProtectMode.NONE;
        for (int depth = 1; depth <= components.length; depth++) {
            for (Rule rule : rules) {
                if (rule.pattern().size() == depth && matches(rule.pattern(), components)) {
                    mode = rule.mode();
                }
            }
        }
        return mode;
    }

    private static boolean matches(List<String> pattern, String[] components) {
        for (int i = 0; i < pattern.size(); i++) {
            if (!Fnmatch.matches(pattern.get(i), components[i])) {
                return false;
            }
        }
        return true;
    }

    private static String trimSlashes(String pattern) {
        int start = 0;
        int end = pattern.length();
        while (start < end && pattern.charAt(start) == '/') {
            start++;
        }
        while (end > start && pattern.charAt(end - 1) == '/') {
            end--;
        }
        return pattern.substring(start, end);
    }
}
