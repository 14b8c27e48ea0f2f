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

/** Lists a runtime's configuration directory, where each entry may describe one guest. */
public final class GuestDirectories {

    private GuestDirectories() {}

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
