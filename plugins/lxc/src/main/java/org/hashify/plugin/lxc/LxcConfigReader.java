package org.hashify.plugin.lxc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.plugin.support.GuestNames;
import org.hashify.plugin.support.GuestRoots;
import org.hashify.plugin.support.SkippedGuest;

/** Reads one container's directory in an lxcpath ({@code /var/lib/lxc/NAME}) into a guest. */
final class LxcConfigReader {

    static final String CONFIG = "config";
    static final String DEFAULT_ROOTFS = "rootfs";

    /** The largest config file read; real ones are a few KiB. */
    static final int MAX_CONFIG_BYTES = 1024 * 1024;

    private LxcConfigReader() {}

    /**
     * The container in {@code containerDir}, or empty when it has no {@code config} file and so is no
     * container.
     *
     * @throws SkippedGuest when it is a container hashify cannot use
     */
    static Optional<DiscoveredGuest> read(Path containerDir) throws SkippedGuest {
        String name = containerDir.getFileName().toString();
        Path config = containerDir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        Optional<String> badName = GuestNames.refusal(containerDir);
        if (badName.isPresent()) {
            throw skip(name, "the name " + badName.get(), "Rename the container (lxc-copy -R).");
        }
        Optional<String> value = LxcConfig.rootfs(text(name, config));
        return Optional.of(DiscoveredGuest.plain(name, LxcRuntime.ID, value.isPresent()
                ? configured(name, config, LxcRootfs.parse(value.get()))
                : defaultRoot(name, config, containerDir.resolve(DEFAULT_ROOTFS))));
    }

    private static Path configured(String name, Path config, LxcRootfs rootfs) throws SkippedGuest {
        if (!rootfs.isDirectory()) {
            throw new SkippedGuest("lxc guest " + name + ": rootfs backend " + rootfs.backend()
                    + " is not a directory; skipped");
        }
        Path root;
        try {
            root = Path.of(rootfs.location()).normalize();
        } catch (InvalidPathException e) {
            throw skip(name, "the rootfs '" + rootfs.location() + "' in " + config + " is no valid path",
                    "Correct lxc.rootfs.path.");
        }
        Optional<String> refusal = GuestRoots.refusal(root);
        if (refusal.isPresent()) {
            throw skip(name, "its rootfs " + root + " (lxc.rootfs.path in " + config + ") " + refusal.get(),
                    "Point lxc.rootfs.path at the container's root directory.");
        }
        return root;
    }

    /** Containers made by lxc-create always name their rootfs; older hand-made ones used this place. */
    private static Path defaultRoot(String name, Path config, Path root) throws SkippedGuest {
        Optional<String> refusal = GuestRoots.refusal(root);
        if (refusal.isPresent()) {
            throw skip(name, config + " sets no lxc.rootfs.path and the default rootfs " + root + " "
                    + refusal.get(), "Set lxc.rootfs.path in " + config + ".");
        }
        return root;
    }

    private static String text(String name, Path config) throws SkippedGuest {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(config)) {
            bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        } catch (IOException e) {
            throw new SkippedGuest("lxc guest " + name + ": cannot read " + config + " (" + e.getMessage()
                    + "); skipped. Check its permissions and retry.", e);
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            throw skip(name, config + " is larger than " + (MAX_CONFIG_BYTES >> 20) + " MiB, far more than any"
                    + " real container configuration", "Repair the file.");
        }
        try {
            // Strict: a path decoded with replacement characters would name some other directory.
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw skip(name, config + " is not valid UTF-8", "Repair the file.");
        }
    }

    private static SkippedGuest skip(String name, String what, String remedy) {
        return new SkippedGuest("lxc guest " + name + ": " + what + "; skipped. " + remedy);
    }
}
