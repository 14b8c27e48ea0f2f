package org.hashify.plugin.rpm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hashify.plugin.support.RawText;

/** Reads which files of an installed package are configuration files from the package's header. */
final class ConfigFileExtractor {
    /** RPMFILE_CONFIG: the file flag that {@code %config} and {@code %config(noreplace)} set. */
    static final int RPMFILE_CONFIG = 1;

    private ConfigFileExtractor() {}

    /**
     * The configuration files of the package a header describes, as the header spells them; checking
     * the paths is left to {@link RpmConfigFiles}.
     *
     * @throws MalformedHeaderException when the header has no name or its file tags disagree
     */
    static PackageConfig extract(RpmHeader header) throws MalformedHeaderException {
        String name = header.string(RpmHeader.TAG_NAME)
                .filter(n -> !n.isEmpty())
                .orElseThrow(() -> new MalformedHeaderException("has no package name"));
        FileNames files = FileNames.of(header, name);
        int[] flags = header.ints(RpmHeader.TAG_FILEFLAGS).orElse(new int[0]);
        if (flags.length != files.count()) {
            throw new MalformedHeaderException("of package " + RawText.printable(name) + " lists " + files.count()
                    + " files but " + flags.length + " file flags");
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < flags.length; i++) {
            if ((flags[i] & RPMFILE_CONFIG) != 0) {
                paths.add(files.path(i));
            }
        }
        return new PackageConfig(name, paths);
    }

    /**
     * A package's file names: directory names with per-file indexes and base names (rpm 4.0 on),
     * or whole paths in the old style.
     */
    private static final class FileNames {
        private final List<String> dirNames;
        private final int[] dirIndexes;
        private final List<String> names;

        /** Old-style names when {@code dirNames} is null; otherwise base names under indexed directories. */
        private FileNames(List<String> dirNames, int[] dirIndexes, List<String> names) {
            this.dirNames = dirNames;
            this.dirIndexes = dirIndexes;
            this.names = names;
        }

        static FileNames of(RpmHeader header, String packageName) throws MalformedHeaderException {
            Optional<List<String>> baseNames = header.strings(RpmHeader.TAG_BASENAMES);
            if (baseNames.isEmpty()) {
                List<String> old = header.strings(RpmHeader.TAG_OLDFILENAMES).orElse(List.of());
                return new FileNames(null, null, old);
            }
            List<String> dirNames = header.strings(RpmHeader.TAG_DIRNAMES).orElse(List.of());
            int[] dirIndexes = header.ints(RpmHeader.TAG_DIRINDEXES).orElse(new int[0]);
            if (dirIndexes.length != baseNames.get().size()) {
                throw new MalformedHeaderException("of package " + RawText.printable(packageName) + " lists "
                        + baseNames.get().size() + " file names but " + dirIndexes.length + " directory indexes");
            }
            for (int index : dirIndexes) {
                if (index < 0 || index >= dirNames.size()) {
                    throw new MalformedHeaderException("of package " + RawText.printable(packageName)
                            + " has directory index " + index + " but " + dirNames.size() + " directories");
                }
            }
            return new FileNames(dirNames, dirIndexes, baseNames.get());
        }

        int count() {
            return names.size();
        }

        String path(int i) {
            return dirNames == null ? names.get(i) : dirNames.get(dirIndexes[i]) + names.get(i);
        }
    }
}
