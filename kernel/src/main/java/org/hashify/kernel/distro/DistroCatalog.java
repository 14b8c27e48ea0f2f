package org.hashify.kernel.distro;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The distribution descriptors in force: read from directories in order, a later file with the
 * same id replacing an earlier one, so that {@code /etc/hashify/distros.d} can override what ships.
 *
 * <p>Two descriptors may not claim the same os-release id, vserver style or style file unless they
 * come from different directories; then the later directory's claim wins.
 */
public final class DistroCatalog {
    /** Where an administrator adds or replaces descriptors, for messages when no directory says. */
    public static final Path DEFAULT_USER_DIR = Path.of("/etc/hashify/distros.d");

    private final List<Path> directories;
    private final Map<String, DistroDescriptor> byId;
    private final Map<String, DistroDescriptor> byOsReleaseId;
    private final Map<String, DistroDescriptor> byVserverStyle;
    private final Map<String, DistroDescriptor> byStyleFile;

    private record Loaded(DistroDescriptor descriptor, Path file, int directory) {
    }

    private DistroCatalog(List<Path> directories, List<Loaded> loaded) throws DescriptorException {
        this.directories = List.copyOf(directories);
        Map<String, DistroDescriptor> ids = new TreeMap<>();
        loaded.forEach(l -> ids.put(l.descriptor().id(), l.descriptor()));
        this.byId = ids;
        this.byOsReleaseId = index(loaded, "os-release id", DistroDescriptor::osReleaseIds);
        this.byVserverStyle = index(loaded, "vserver style", DistroDescriptor::vserverStyles);
        this.byStyleFile = index(loaded, "style file", DistroDescriptor::styleFiles);
    }

    /**
     * Reads every {@code *.json} file of each directory, in name order, directory after directory.
     * A directory that does not exist is skipped: the user directory is optional.
     *
     * @throws DescriptorException naming the file, when any file is not a valid descriptor
     */
    public static DistroCatalog load(List<Path> directories) throws DescriptorException {
        Map<String, Loaded> byId = new HashMap<>();
        for (int i = 0; i < directories.size(); i++) {
            for (Path file : descriptorFiles(directories.get(i))) {
                DistroDescriptor d = DescriptorReader.read(file);
                byId.put(d.id(), new Loaded(d, file, i));
            }
        }
        List<Loaded> loaded = new ArrayList<>(byId.values());
        loaded.sort(Comparator.comparing((Loaded l) -> l.descriptor().id()));
        return new DistroCatalog(directories, loaded);
    }

    /** A catalog of the given descriptors, as if each came from its own file in one directory. */
    public static DistroCatalog of(List<DistroDescriptor> descriptors) throws DescriptorException {
        List<Loaded> loaded = new ArrayList<>();
        Map<String, DistroDescriptor> seen = new HashMap<>();
        for (DistroDescriptor d : descriptors) {
            if (seen.put(d.id(), d) != null) {
                throw new DescriptorException("two descriptors have the id \"" + d.id() + "\"; give each its own id");
            }
            loaded.add(new Loaded(d, Path.of(d.id() + ".json"), 0));
        }
        return new DistroCatalog(List.of(), loaded);
    }

    private static List<Path> descriptorFiles(Path dir) throws DescriptorException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new DescriptorException(dir + ": is not a directory; descriptors go in a directory, one "
                    + "<id>.json file each");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : stream) {
                if (!p.getFileName().toString().startsWith(".")) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new DescriptorException(dir + ": cannot be listed: " + DescriptorReader.oneLine(e.getMessage()), e);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    private static Map<String, DistroDescriptor> index(List<Loaded> loaded, String what,
            Function<DistroDescriptor, List<String>> keys) throws DescriptorException {
        Map<String, Loaded> claims = new HashMap<>();
        for (Loaded l : loaded) {
            for (String key : keys.apply(l.descriptor())) {
                Loaded earlier = claims.get(key);
                if (earlier == null || l.directory() > earlier.directory()) {
                    claims.put(key, l);
                } else if (l.directory() == earlier.directory()) {
                    throw new DescriptorException(l.file() + ": claims the " + what + " \"" + key + "\", which "
                            + earlier.file() + " claims too; remove it from one of them");
                }
            }
        }
        Map<String, DistroDescriptor> index = new HashMap<>();
        claims.forEach((key, l) -> index.put(key, l.descriptor()));
        return Map.copyOf(index);
    }

    /** The directories read, in order; the last is where an administrator's descriptors go. */
    public List<Path> directories() {
        return directories;
    }

    /** Where a new descriptor would take effect: the last directory read, else {@link #DEFAULT_USER_DIR}. */
    public Path userDirectory() {
        return directories.isEmpty() ? DEFAULT_USER_DIR : directories.get(directories.size() - 1);
    }

    /** Every descriptor, ordered by id. */
    public List<DistroDescriptor> all() {
        return List.copyOf(byId.values());
    }

    public Optional<DistroDescriptor> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The descriptor answering to an os-release {@code ID} or {@code ID_LIKE} word, case-insensitively. */
    public Optional<DistroDescriptor> byOsReleaseId(String osReleaseId) {
        return Optional.ofNullable(byOsReleaseId.get(osReleaseId.toLowerCase(Locale.ROOT)));
    }

    /** The descriptor a util-vserver {@code apps/pkgmgmt/style} name means, case-insensitively. */
    public Optional<DistroDescriptor> byVserverStyle(String style) {
        return Optional.ofNullable(byVserverStyle.get(style.strip().toLowerCase(Locale.ROOT)));
    }

    /** The descriptor a guest-absolute legacy release file identifies. */
    public Optional<DistroDescriptor> byStyleFile(String guestPath) {
        return Optional.ofNullable(byStyleFile.get(guestPath));
    }

    /** Every style file some descriptor claims, in no particular order. */
    public List<String> styleFiles() {
        return List.copyOf(byStyleFile.keySet());
    }
}
