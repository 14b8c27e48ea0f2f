package org.hashify.kernel.walk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An exclude list in util-vserver's vunify syntax.
 *
 * <p>One pattern a line; {@code #} in the first column starts a comment; trailing spaces are
 * trimmed. A {@code +} prefix includes, {@code -} or no prefix excludes, {@code ~} skips (for a run,
 * the same as exclude). Patterns are fnmatch globs whose {@code *} also matches {@code /}.
 *
 * <p>Matching: a pattern that matches a directory covers its whole subtree; the first pattern in
 * list order that matches a path or one of its ancestors decides; nothing matching means include.
 * Exact paths (package configuration files) are excluded before any pattern.
 */
public final class ExcludeList {
    /** How a pattern line decides. */
    public enum Action { INCLUDE, EXCLUDE, SKIP }

    record Rule(Action action, Glob glob, int line) {
    }

    private final List<Rule> rules;
    private final Set<String> exactExcludes;
    private final String source;

    private ExcludeList(List<Rule> rules, Set<String> exactExcludes, String source) {
        this.rules = List.copyOf(rules);
        this.exactExcludes = Set.copyOf(exactExcludes);
        this.source = source;
    }

    /** The built-in list: util-vserver's default, plus the run-time directories of modern systems. */
    public static ExcludeList builtIn() {
        try (InputStream in = ExcludeList.class.getResourceAsStream("default-exclude")) {
            if (in == null) {
                throw new IllegalStateException("the built-in exclude list is missing from the hashify jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the built-in exclude list");
        } catch (IOException | ExcludeListException e) {
            throw new IllegalStateException("the built-in exclude list is broken: " + e.getMessage(), e);
        }
    }

    /** An empty list: every path included. */
    public static ExcludeList none() {
        return new ExcludeList(List.of(), Set.of(), "no exclude list");
    }

    public static ExcludeList read(Path file) throws IOException, ExcludeListException {
        byte[] bytes = Files.readAllBytes(file);
        // Latin-1 keeps every byte as one char, so patterns match raw file-name bytes exactly.
        return parse(new String(bytes, StandardCharsets.ISO_8859_1), file.toString());
    }

    static ExcludeList parse(String text, String source) throws ExcludeListException {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            line = stripTrailingSpaces(line);
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            Action action = Action.EXCLUDE;
            char first = line.charAt(0);
            if (first == '+' || first == '-' || first == '~') {
                action = first == '+' ? Action.INCLUDE : first == '-' ? Action.EXCLUDE : Action.SKIP;
                line = line.substring(1);
            }
            if (line.isEmpty()) {
                throw new ExcludeListException(source + ", line " + (i + 1) + ": a '" + first
                        + "' with no pattern after it. Write the path to match, e.g. " + first + "/var/cache/*");
            }
            if (line.indexOf('\0') >= 0) {
                throw new ExcludeListException(source + ", line " + (i + 1) + ": the pattern contains a NUL byte.");
            }
            if (line.charAt(0) != '/' && line.charAt(0) != '*' && line.charAt(0) != '?' && line.charAt(0) != '[') {
                throw new ExcludeListException(source + ", line " + (i + 1) + ": pattern \"" + line
                        + "\" is not guest-absolute. Patterns match whole paths from the guest's root: write /" + line);
            }
            while (line.length() > 1 && line.endsWith("/")) {
                line = line.substring(0, line.length() - 1);
            }
            rules.add(new Rule(action, new Glob(line), i + 1));
        }
        return new ExcludeList(rules, Set.of(), source);
    }

    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** This list with exact paths (package configuration files) excluded ahead of every pattern. */
    public ExcludeList withExactExcludes(Collection<String> guestPaths) {
        Set<String> all = new HashSet<>(exactExcludes);
        all.addAll(guestPaths);
        return new ExcludeList(rules, all, source);
    }

    /**
     * This list with more rules ahead of its own (a distribution's extra excludes), so they decide
     * first.
     */
    public ExcludeList withRulesFirst(List<String> lines, String linesSource) throws ExcludeListException {
        if (lines.isEmpty()) {
            return this;
        }
        ExcludeList first = parse(String.join("\n", lines), linesSource);
        List<Rule> all = new ArrayList<>(first.rules);
        all.addAll(rules);
        return new ExcludeList(all, exactExcludes, source + " and " + linesSource);
    }

    public String source() {
        return source;
    }

    /** Number of pattern rules, which is what {@link #firstMatch} returns for "none". */
    public int ruleCount() {
        return rules.size();
    }

    /**
     * The index of the first rule below {@code limit} that matches {@code path} itself, or
     * {@code limit}. The walker passes the parent's result as the limit, which is how a rule
     * matching a directory covers the subtree.
     */
    public int firstMatch(String path, int limit) {
        for (int i = 0; i < limit; i++) {
            if (rules.get(i).glob().matches(path)) {
                return i;
            }
        }
        return limit;
    }

    /** Whether the rule index {@code match} (from {@link #firstMatch}) means the path is left alone. */
    public boolean excludes(int match) {
        return match < rules.size() && rules.get(match).action() != Action.INCLUDE;
    }

    /** Whether a path is a configuration file that must stay private. */
    public boolean isExactExclude(String path) {
        return exactExcludes.contains(path);
    }

    /**
     * Whether an excluded directory may be skipped whole: true unless an include rule listed before
     * the excluding one could match something below it.
     */
    public boolean canPrune(String dir, int match) {
        String below = dir.equals("/") ? "/" : dir + "/";
        for (int i = 0; i < match && i < rules.size(); i++) {
            if (rules.get(i).action() != Action.INCLUDE) {
                continue;
            }
            String prefix = rules.get(i).glob().literalPrefix();
            if (prefix.startsWith(below) || below.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A SHA-256 of everything this list decides by (each rule's action and pattern, in order, and
     * the configuration files), and of {@code extra}: two lists with equal fingerprints leave the
     * same paths alone.
     */
    public byte[] fingerprint(byte[] extra) {
        StringBuilder b = new StringBuilder();
        for (Rule r : rules) {
            b.append(r.action().name()).append(' ').append(r.glob().pattern()).append('\n');
        }
        b.append("configuration files\n");
        for (String path : new java.util.TreeSet<>(exactExcludes)) {
            b.append(path).append('\0');
        }
        return org.hashify.kernel.os.Sha256.ofSmall(b.toString().getBytes(StandardCharsets.ISO_8859_1), extra);
    }

    /** Convenience for tests and the dry-run listing: is this file path, with its ancestors, excluded? */
    public boolean isExcluded(String path) {
        if (isExactExclude(path)) {
            return true;
        }
        int match = rules.size();
        int from = 1;
        while (from <= path.length()) {
            int slash = path.indexOf('/', from);
            String prefix = slash < 0 ? path : path.substring(0, slash);
            match = firstMatch(prefix, match);
            if (slash < 0) {
                break;
            }
            from = slash + 1;
        }
        return excludes(match);
    }
}
