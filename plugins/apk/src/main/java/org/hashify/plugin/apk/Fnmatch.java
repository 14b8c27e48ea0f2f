package org.hashify.plugin.apk;

/**
 * Shell wildcard matching of one path component, as {@code fnmatch(3)} does for apk's protected paths:
 * {@code *}, {@code ?}, bracket expressions with ranges and {@code !} or {@code ^} negation, and
 * backslash escapes. Character classes such as {@code [:alpha:]} are not supported.
 */
final class Fnmatch {

    /** {@link #bracket} result: the expression has no closing bracket, so its '[' is an ordinary character. */
    private static final int UNTERMINATED = -2;
    private static final int NO_MATCH = -1;

    private Fnmatch() {}

    /** Whether {@code name} matches {@code pattern} as a whole. */
    static boolean matches(String pattern, String name) {
        int p = 0;
        int n = 0;
        int starPattern = -1;
        int starName = -1;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starPattern = ++p;
                starName = n;
                continue;
            }
            int next = p < pattern.length() ? matchOne(pattern, p, name.charAt(n)) : NO_MATCH;
            if (next >= 0) {
                p = next;
                n++;
            } else if (starPattern >= 0) {
                // Let the last star swallow one more character and retry from just after it.
                p = starPattern;
                n = ++starName;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Where the pattern continues when the element at {@code p} matches {@code c}, else {@link #NO_MATCH}. */
    private static int matchOne(String pattern, int p, char c) {
        char element = pattern.charAt(p);
        if (element == '?') {
            return p + 1;
        }
        if (element == '\\' && p + 1 < pattern.length()) {
            return pattern.charAt(p + 1) == c ? p + 2 : NO_MATCH;
        }
        if (element == '[') {
            int next = bracket(pattern, p, c);
            if (next != UNTERMINATED) {
                return next;
            }
        }
        return element == c ? p + 1 : NO_MATCH;
    }

    /** Matches the bracket expression opening at {@code open}: where the pattern continues, or a failure. */
    private static int bracket(String pattern, int open, char c) {
        int i = open + 1;
        boolean negated = i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^');
        if (negated) {
            i++;
        }
        boolean matched = false;
        boolean first = true;
        while (i < pattern.length()) {
            char low = pattern.charAt(i);
            if (low == ']' && !first) {
                return matched != negated ? i + 1 : NO_MATCH;
            }
            first = false;
            if (low == '\\' && i + 1 < pattern.length()) {
                low = pattern.charAt(++i);
            }
            char high = low;
            if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                i += 2;
                high = pattern.charAt(i);
                if (high == '\\' && i + 1 < pattern.length()) {
                    high = pattern.charAt(++i);
                }
            }
            matched |= low <= c && c <= high;
            i++;
        }
        return UNTERMINATED;
    }
}
