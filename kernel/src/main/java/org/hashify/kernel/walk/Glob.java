package org.hashify.kernel.walk;

/**
 * fnmatch(3) without FNM_PATHNAME or FNM_PERIOD, as the vunify exclude syntax uses it: {@code *}
 * and {@code ?} also match {@code /}. Supports {@code [...]} sets with ranges and {@code !} or
 * {@code ^} negation, and backslash escapes. Strings hold raw bytes as ISO-8859-1 characters.
 */
final class Glob {
    private final String pattern;
    private final String literalPrefix;
    private final String literalSuffix;
    private final boolean literal;

    /** The pattern as written. */
    String pattern() {
        return pattern;
    }

    Glob(String pattern) {
        this.pattern = pattern;
        int firstWild = firstWildcard(pattern);
        this.literal = firstWild < 0 && pattern.indexOf('\\') < 0;
        this.literalPrefix = firstWild < 0 ? unescape(pattern) : unescape(pattern.substring(0, firstWild));
        int lastWild = lastWildcard(pattern);
        String tail = lastWild < 0 ? pattern : pattern.substring(lastWild + 1);
        this.literalSuffix = tail.indexOf('\\') >= 0 || tail.indexOf(']') >= 0 ? "" : tail;
    }

    /** The characters every match starts with. */
    String literalPrefix() {
        return literalPrefix;
    }

    boolean matches(String s) {
        if (literal) {
            return pattern.equals(s);
        }
        if (!s.startsWith(literalPrefix) || !s.endsWith(literalSuffix)) {
            return false;
        }
        return match(pattern, 0, s, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        int starP = -1;
        int starS = -1;
        while (si < s.length()) {
            if (pi < p.length()) {
                char pc = p.charAt(pi);
                if (pc == '*') {
                    starP = ++pi;
                    starS = si;
                    continue;
                }
                if (pc == '?') {
                    pi++;
                    si++;
                    continue;
                }
                if (pc == '[') {
                    int end = setEnd(p, pi);
                    if (end > 0) {
                        if (inSet(p, pi + 1, end, s.charAt(si))) {
                            pi = end + 1;
                            si++;
                            continue;
                        }
                    } else if (s.charAt(si) == '[') {
                        pi++;
                        si++;
                        continue;
                    }
                } else {
                    if (pc == '\\' && pi + 1 < p.length()) {
                        pc = p.charAt(pi + 1);
                        if (pc == s.charAt(si)) {
                            pi += 2;
                            si++;
                            continue;
                        }
                    } else if (pc == s.charAt(si)) {
                        pi++;
                        si++;
                        continue;
                    }
                }
            }
            if (starP < 0) {
                return false;
            }
            pi = starP;
            si = ++starS;
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** Index of the ']' closing a set opened at {@code open}, or -1 when the '[' is literal. */
    private static int setEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        while (i < p.length()) {
            if (p.charAt(i) == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean inSet(String p, int from, int end, char c) {
        boolean negate = p.charAt(from) == '!' || p.charAt(from) == '^';
        int i = negate ? from + 1 : from;
        boolean found = false;
        while (i < end) {
            char lo = p.charAt(i);
            if (i + 2 < end && p.charAt(i + 1) == '-') {
                char hi = p.charAt(i + 2);
                if (c >= lo && c <= hi) {
                    found = true;
                }
                i += 3;
            } else {
                if (c == lo) {
                    found = true;
                }
                i++;
            }
        }
        return found != negate;
    }

    private static int firstWildcard(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return i;
            }
        }
        return -1;
    }

    private static int lastWildcard(String p) {
        for (int i = p.length() - 1; i >= 0; i--) {
            char c = p.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']') {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
