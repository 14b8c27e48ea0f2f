package org.hashify.kernel.guest;

import java.nio.file.Path;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime;

/**
 * A guest hashify knows: found by a runtime plugin, or a plain directory from the configuration or
 * the command line (runtime {@value #PLAIN}).
 *
 * @param runtime the plugin that found it, or null for a plain directory
 * @param distroSetting a distribution named in hashify's configuration for this guest, if any
 */
public record KnownGuest(DiscoveredGuest info, GuestRuntime runtime, Optional<String> distroSetting) {
    public static final String PLAIN = "dir";

    public String name() {
        return info.name();
    }

    public Path root() {
        return info.root();
    }

    public String runtimeId() {
        return info.runtime();
    }

    public static KnownGuest plain(String name, Path root, Optional<String> distro) {
        return new KnownGuest(DiscoveredGuest.plain(name, PLAIN, root), null, distro);
    }
}
