package org.hashify.kernel.distro;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Legacy release files ({@code /etc/debian_version} and kin): the order to look at them, and their version. */
final class StyleFiles {
    /**
     * Files that several distributions ship: Fedora, CentOS, Rocky, AlmaLinux and Mandrake-Mageia
     * all carry {@code /etc/redhat-release} for compatibility, Ubuntu and Devuan carry
     * {@code /etc/debian_version}. A file of the guest's own distribution is more specific, so these
     * are looked at only after every other one.
     */
    static final List<String> SHARED = List.of("/etc/redhat-release", "/etc/debian_version");

    /** The files util-vserver knew, the specific ones in its order; others follow by name. */
    static final List<String> LEGACY = List.of("/etc/fedora-release", "/etc/mandrake-release",
            "/etc/SuSE-release", "/etc/alpine-release", "/etc/arch-release");

    private static final int MAX_VERSION = 64;
    private static final Pattern SUSE_VERSION = Pattern.compile("(?m)^VERSION\\s*=\\s*(\\S+)");
    private static final Pattern RELEASE = Pattern.compile("(?i)\\brelease\\s+(\\d\\S*)");
    private static final Pattern BARE = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+~:/_-]*");

    private StyleFiles() {
    }

    /** The claimed files in the order to look at them: specific ones first, {@link #SHARED} last. */
    static List<String> probeOrder(Collection<String> claimed) {
        return claimed.stream()
                .sorted(Comparator.comparingInt(StyleFiles::rank).thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    private static int rank(String file) {
        int legacy = LEGACY.indexOf(file);
        if (legacy >= 0) {
            return legacy;
        }
        int shared = SHARED.indexOf(file);
        return shared >= 0 ? 2 * LEGACY.size() + shared : LEGACY.size();
    }

    /**
     * The version a release file states: SUSE's {@code VERSION = 15}, Red Hat's "... release 9.3
     * (Plow)", or a bare first line such as Debian's {@code 12.5}; empty when it states none.
     */
    static String version(byte[] content) {
        Optional<String> text = text(content);
        if (text.isEmpty()) {
            return "";
        }
        String s = text.get();
        Matcher m = SUSE_VERSION.matcher(s);
        if (m.find()) {
            return cap(m.group(1));
        }
        String first = s.strip().lines().findFirst().orElse("").strip();
        m = RELEASE.matcher(first);
        if (m.find()) {
            return cap(m.group(1));
        }
        return BARE.matcher(first).matches() ? cap(first) : "";
    }

    /** The content as text, or empty when it holds control bytes other than white space. */
    static Optional<String> text(byte[] content) {
        for (byte b : content) {
            if (b >= 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
                return Optional.empty();
            }
        }
        return Optional.of(new String(content, StandardCharsets.UTF_8));
    }

    private static String cap(String version) {
        return version.length() > MAX_VERSION ? version.substring(0, MAX_VERSION) : version;
    }
}
