package org.hashify.plugin.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime.Discovery;

/** Lists a runtime's configuration directory, where each entry may describe one guest, and reads the guests. */
public final class GuestDirectories {

    /** Reads the guest one entry of a configuration directory describes. */
    @FunctionalInterface
    public interface EntryReader {

        /**
         * The guest {@code entry} describes, or empty when it describes none.
         *
         * @throws SkippedGuest when it describes a guest hashify cannot use, saying why in one line
         */
        Optional<DiscoveredGuest> read(Path entry) throws SkippedGuest;
    }

    private GuestDirectories() {}

    /**
     * What the {@link #entries} of {@code directory} describe, read by {@code reader} in name order:
     * the guests, and a problem line for each entry it skips.
     *
     * @throws IOException when {@code directory} exists but cannot be listed
     */
    public static Discovery discover(Path directory, EntryReader reader) throws IOException {
        List<DiscoveredGuest> guests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path entry : entries(directory)) {
            try {
                reader.read(entry).ifPresent(guests::add);
            } catch (SkippedGuest e) {
                problems.add(e.getMessage());
            }
        }
        return new Discovery(guests, problems);
    }

    /**
     * The entries of {@code directory}, as absolute normalised paths sorted by name, leaving out
     * hidden names: runtimes keep defaults ({@code .defaults}) and half-made guests ({@code .#name})
     * there. A directory that does not exist has no entries: the host has no guests of that kind.
     *
     * @throws IOException when {@code directory} exists but cannot be listed, saying which and what to do
     */
    public static List<Path> entries(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                if (!entry.getFileName().toString().startsWith(".")) {
                    entries.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (NotDirectoryException e) {
            throw new IOException(dir + " is not a directory; name the directory that holds the guests'"
                    + " configurations", e);
        } catch (IOException e) {
            throw new IOException("Cannot list " + dir + " (" + e.getMessage() + "); check its permissions and"
                    + " retry", e);
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return entries;
    }
}
