package org.hashify.plugin.vserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.plugin.support.GuestNames;
import org.hashify.plugin.support.GuestRoots;
import org.hashify.plugin.support.SkippedGuest;

/**
 * Reads one guest's util-vserver configuration directory ({@code /etc/vservers/NAME}): its root from
 * {@code vdir}, and the vunify exclude list, hash directory and package style, each with the
 * fallback to {@code .defaults} that vhashify used.
 */
final class VserverConfigReader {

    static final String VDIR = "vdir";
    static final String DISABLED = "disabled";
    static final String DEFAULTS = ".defaults";
    static final String EXCLUDE = "apps/vunify/exclude";
    static final String HASH = "apps/vunify/hash";
    static final String STYLE = "apps/pkgmgmt/style";

    /** The most of a style file read; it holds one word. */
    private static final int MAX_STYLE_BYTES = 4096;

    private final Path defaults;

    /** @param directory the absolute, normalised directory holding the guests' configurations */
    VserverConfigReader(Path directory) {
        this.defaults = directory.resolve(DEFAULTS);
    }

    /**
     * The guest configured in {@code configDir}, or empty when it is none (no {@code vdir}) or is
     * disabled.
     *
     * @throws SkippedGuest when it is a guest whose configuration cannot be used
     */
    Optional<DiscoveredGuest> read(Path configDir) throws SkippedGuest {
        String name = configDir.getFileName().toString();
        Path vdir = configDir.resolve(VDIR);
        try {
            if (!Files.exists(vdir, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            // Deliberately off: not a problem to report, and not to be touched.
            if (Files.exists(configDir.resolve(DISABLED), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            Optional<String> badName = GuestNames.refusal(configDir);
            if (badName.isPresent()) {
                throw skip(name, "the name " + badName.get(), "Rename the guest's configuration directory.");
            }
            return Optional.of(new DiscoveredGuest(name, VserverRuntime.ID, root(name, vdir),
                    firstExisting(configDir.resolve(EXCLUDE), defaults.resolve(EXCLUDE)), store(name, configDir),
                    style(name, configDir.resolve(STYLE))));
        } catch (IOException e) {
            throw new SkippedGuest(prefix(name) + "cannot read its configuration in " + configDir + " ("
                    + e.getMessage() + "); skipped. Check the permissions of those files and retry.", e);
        }
    }

    private static Path root(String name, Path vdir) throws IOException, SkippedGuest {
        Path root = linkOrDirectory(name, vdir);
        Optional<String> refusal = GuestRoots.refusal(root);
        if (refusal.isPresent()) {
            throw skip(name, "its root " + root + " (named by " + vdir + ") " + refusal.get(),
                    "Point " + VDIR + " at the guest's root directory.");
        }
        return root;
    }

    /** The guest's hash directory, else the default one; need not exist yet, but is never {@code /}. */
    private Optional<Path> store(String name, Path configDir) throws IOException, SkippedGuest {
        Optional<Path> entry = firstExisting(configDir.resolve(HASH), defaults.resolve(HASH));
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Path store = linkOrDirectory(name, entry.get());
        if (GuestRoots.leadsToHostRoot(store)) {
            throw skip(name, "its hash directory " + entry.get() + " leads to the host's root directory",
                    "Point it at the store, for example /vservers/.hash.");
        }
        return Optional.of(store);
    }

    /** Where a {@code vdir}-like entry leads: a symbolic link's target, or the directory itself. */
    private static Path linkOrDirectory(String name, Path entry) throws IOException, SkippedGuest {
        if (Files.isSymbolicLink(entry)) {
            return GuestRoots.linkTarget(entry);
        }
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            return entry;
        }
        throw skip(name, entry + " is neither a symbolic link nor a directory",
                "Make it a symbolic link to the directory it names.");
    }

    /** The first line of the style file, if there is one and it says anything. */
    private static Optional<String> style(String name, Path file) throws IOException, SkippedGuest {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_STYLE_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw skip(name, file + " is not UTF-8 text", "Write the package style (debian, redhat, ...) into it.");
        }
        String style = text.lines().findFirst().orElse("").strip();
        if (style.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw skip(name, file + " holds control characters", "Write the package style (debian, redhat, ...)"
                    + " into it.");
        }
        return style.isEmpty() ? Optional.empty() : Optional.of(style);
    }

    private static Optional<Path> firstExisting(Path preferred, Path fallback) {
        if (Files.exists(preferred, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(preferred);
        }
        return Files.exists(fallback, LinkOption.NOFOLLOW_LINKS) ? Optional.of(fallback) : Optional.empty();
    }

    private static SkippedGuest skip(String name, String what, String remedy) {
        return new SkippedGuest(prefix(name) + what + "; skipped. " + remedy);
    }

    private static String prefix(String name) {
        return "vserver guest " + name + ": ";
    }
}
