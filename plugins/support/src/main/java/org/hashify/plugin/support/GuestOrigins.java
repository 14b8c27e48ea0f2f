package org.hashify.plugin.support;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.hashify.api.DiscoveredGuest;

/**
 * The configuration directory each guest was discovered in, kept by a runtime between
 * {@code discover} and the calls that must name it to the runtime's tools ({@code lxc-attach -P}),
 * because {@link DiscoveredGuest} has no field for it. Safe for concurrent use.
 */
public final class GuestOrigins {

    private final ConcurrentMap<DiscoveredGuest, Path> origins = new ConcurrentHashMap<>();

    /** Records that {@code guest} was found in {@code directory}. */
    public void remember(DiscoveredGuest guest, Path directory) {
        origins.put(guest, directory);
    }

    /** Where {@code guest} was found, if this runtime discovered it. */
    public Optional<Path> of(DiscoveredGuest guest) {
        return Optional.ofNullable(origins.get(guest));
    }
}
