package org.hashify.kernel.distro;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What hashify knows about one distribution as data: how to recognise it in a guest, its package
 * manager, how to upgrade it and what else to exclude. Read from {@code <id>.json}.
 *
 * @param id short stable name, the file's base name ({@code debian})
 * @param name the distribution's own name ({@code Debian GNU/Linux})
 * @param family the lineage package commands are checked against ({@code debian}, {@code redhat})
 * @param osReleaseIds the os-release(5) {@code ID} values it answers to, also via {@code ID_LIKE};
 *     {@code [id]} when absent
 * @param styleFiles guest-absolute legacy release files whose presence identifies it
 * @param vserverStyles util-vserver {@code apps/pkgmgmt/style} names that mean it
 * @param packageManager the {@code PackageManager} id that keeps its database ({@code dpkg})
 * @param upgradeCommand the argv that upgrades every package, run inside the guest
 * @param excludes extra exclude lines in the vunify syntax, possibly none
 */
public record DistroDescriptor(
        String id,
        String name,
        String family,
        List<String> osReleaseIds,
        List<String> styleFiles,
        List<String> vserverStyles,
        String packageManager,
        List<String> upgradeCommand,
        List<String> excludes) {

    private static final Pattern NAME_TOKEN = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public DistroDescriptor {
        id = token("id", id);
        name = text("name", name);
        family = token("family", family);
        packageManager = token("packageManager", packageManager);
        osReleaseIds = osReleaseIds == null ? List.of(id) : tokens("osReleaseIds", osReleaseIds);
        styleFiles = styleFiles == null ? List.of() : guestPaths(styleFiles);
        vserverStyles = vserverStyles == null ? List.of() : tokens("vserverStyles", vserverStyles);
        upgradeCommand = strings("upgradeCommand", upgradeCommand == null ? List.of() : upgradeCommand);
        if (upgradeCommand.isEmpty()) {
            throw new IllegalArgumentException("\"upgradeCommand\" must name a program, e.g. [\"/bin/sh\", \"-c\", "
                    + "\"apt-get update && apt-get -y dist-upgrade\"]");
        }
        excludes = excludes == null ? List.of() : excludeLines(excludes);
    }

    private static String token(String key, String value) {
        String v = text(key, value);
        if (!NAME_TOKEN.matcher(v).matches()) {
            throw new IllegalArgumentException("\"" + key + "\" is \"" + v + "\"; use lower-case letters, digits, "
                    + "'.', '_' and '-', starting with a letter or digit");
        }
        return v;
    }

    private static String text(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("\"" + key + "\" is missing or empty");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("\"" + key + "\" spans more than one line");
        }
        return value.strip();
    }

    private static List<String> tokens(String key, List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : strings(key, values)) {
            out.add(token(key, v.toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(out);
    }

    private static List<String> guestPaths(List<String> values) {
        for (String v : strings("styleFiles", values)) {
            if (!v.startsWith("/") || v.endsWith("/") || v.contains("//") || v.contains("/../") || v.endsWith("/..")
                    || v.contains("/./") || v.indexOf('\0') >= 0 || v.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("\"styleFiles\" has \"" + v + "\"; write a guest-absolute file "
                        + "path such as \"/etc/debian_version\"");
            }
        }
        return List.copyOf(values);
    }

    private static List<String> excludeLines(List<String> values) {
        for (String v : strings("excludes", values)) {
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("\"excludes\" has an entry that is not one line: \"" + v.strip()
                        + "\"; write one pattern per entry");
            }
        }
        return List.copyOf(values);
    }

    /** The list itself, refusing null and blank entries; {@link List#copyOf} refuses null anyway. */
    private static List<String> strings(String key, List<String> values) {
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("\"" + key + "\" has an empty or null entry");
            }
        }
        return List.copyOf(values);
    }
}
