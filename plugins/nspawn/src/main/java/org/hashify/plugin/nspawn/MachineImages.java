package org.hashify.plugin.nspawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.plugin.support.GuestNames;
import org.hashify.plugin.support.GuestRoots;
import org.hashify.plugin.support.SkippedGuest;

/**
 * Reads one entry of a machine image directory ({@code /var/lib/machines}): a directory tree (or a
 * symbolic link to one, as {@code machinectl} accepts) is a guest named after it; a raw disk image is
 * reported and left out; anything else is no image.
 */
final class MachineImages {

    static final String RAW_SUFFIX = ".raw";

    private MachineImages() {}

    /**
     * The guest that {@code entry} holds, or empty when it is no image.
     *
     * @throws SkippedGuest when it is an image hashify cannot use
     */
    static Optional<DiscoveredGuest> read(Path entry) throws SkippedGuest {
        String name = entry.getFileName().toString();
        boolean directory = Files.isDirectory(entry);
        if (!directory && name.endsWith(RAW_SUFFIX)) {
            throw new SkippedGuest("nspawn image " + name + " is a disk image; hashify works on directory trees");
        }
        if (!directory) {
            return Optional.empty();
        }
        Optional<String> badName = GuestNames.refusal(entry);
        if (badName.isPresent()) {
            throw skip(name, "the name " + badName.get(), "Rename the image (machinectl rename).");
        }
        Path root;
        try {
            root = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? entry : GuestRoots.linkTarget(entry);
        } catch (IOException e) {
            throw new SkippedGuest("nspawn guest " + name + ": cannot read the symbolic link " + entry + " ("
                    + e.getMessage() + "); skipped. Check its permissions and retry.", e);
        }
        Optional<String> refusal = GuestRoots.refusal(root);
        if (refusal.isPresent()) {
            throw skip(name, "its root " + root + " (from " + entry + ") " + refusal.get(),
                    "Link the image to the machine's own root directory.");
        }
        return Optional.of(DiscoveredGuest.plain(name, NspawnRuntime.ID, root));
    }

    private static SkippedGuest skip(String name, String what, String remedy) {
        return new SkippedGuest("nspawn guest " + name + ": " + what + "; skipped. " + remedy);
    }
}
