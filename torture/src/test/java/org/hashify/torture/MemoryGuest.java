package org.hashify.torture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hashify.api.GuestFiles;
import org.hashify.api.PinnedFile;

/** A guest held in memory, for feeding parsers many inputs fast; pin() writes the file out. */
final class MemoryGuest implements GuestFiles {
    private final TreeMap<String, byte[]> files = new TreeMap<>();
    private final TreeSet<String> symlinks = new TreeSet<>();
    private final Path scratch;

    MemoryGuest(Path scratch) {
        this.scratch = scratch;
    }

    MemoryGuest file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    MemoryGuest symlink(String path) {
        symlinks.add(path);
        return this;
    }

    @Override
    public String guestName() {
        return "fuzz";
    }

    @Override
    public EntryKind kind(String guestPath) throws IOException {
        check(guestPath);
        if (symlinks.contains(guestPath)) {
            return EntryKind.SYMLINK;
        }
        if (files.containsKey(guestPath)) {
            return EntryKind.REGULAR;
        }
        String prefix = guestPath.endsWith("/") ? guestPath : guestPath + "/";
        String next = files.ceilingKey(prefix);
        return next != null && next.startsWith(prefix) ? EntryKind.DIRECTORY : EntryKind.MISSING;
    }

    @Override
    public Optional<byte[]> read(String guestPath, long maxBytes) throws IOException {
        EntryKind k = kind(guestPath);
        if (k == EntryKind.MISSING) {
            return Optional.empty();
        }
        if (k != EntryKind.REGULAR) {
            throw new IOException(guestPath + " is not a regular file");
        }
        byte[] b = files.get(guestPath);
        if (b.length > maxBytes) {
            throw new IOException(guestPath + " is larger than " + maxBytes + " bytes");
        }
        return Optional.of(b.clone());
    }

    @Override
    public List<String> list(String guestDir) throws IOException {
        check(guestDir);
        String prefix = guestDir.endsWith("/") ? guestDir : guestDir + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String p : files.tailMap(prefix).keySet()) {
            if (!p.startsWith(prefix)) {
                break;
            }
            String rest = p.substring(prefix.length());
            names.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
        }
        return new ArrayList<>(names);
    }

    @Override
    public PinnedFile pin(String guestPath) throws IOException {
        Optional<byte[]> b = read(guestPath, Long.MAX_VALUE);
        if (b.isEmpty()) {
            throw new java.nio.file.NoSuchFileException(guestPath);
        }
        Path copy = Files.createTempFile(scratch, "pinned", ".db");
        Files.write(copy, b.get());
        return new PinnedFile() {
            @Override
            public Path path() {
                return copy;
            }

            @Override
            public void close() {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private static void check(String path) throws IOException {
        if (!path.startsWith("/") || path.contains("\0") || path.contains("/../") || path.endsWith("/..")
                || path.contains("//")) {
            throw new IOException("refused guest path " + path);
        }
    }
}
