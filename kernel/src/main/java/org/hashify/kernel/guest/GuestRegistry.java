package org.hashify.kernel.guest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime;
import org.hashify.kernel.config.HashifyConfig;

/**
 * Every guest of the host: those each runtime plugin finds in its directory (the configuration may
 * move or turn off a runtime), then the plain directories of the configuration. Names are unique;
 * a second guest with a name already taken is reported and left out.
 */
public final class GuestRegistry {
    private final Map<String, KnownGuest> guests;
    private final List<String> problems;

    private GuestRegistry(Map<String, KnownGuest> guests, List<String> problems) {
        this.guests = guests;
        this.problems = problems;
    }

    public static GuestRegistry discover(HashifyConfig config, Map<String, GuestRuntime> runtimes) {
        Map<String, KnownGuest> guests = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String configured : config.runtimes().keySet()) {
            if (!runtimes.containsKey(configured)) {
                problems.add("The configuration names runtime \"" + configured + "\", but no plugin provides it; known: "
                        + runtimes.keySet() + ".");
            }
        }
        for (GuestRuntime runtime : runtimes.values()) {
            String setting = config.runtimes().get(runtime.id());
            if (HashifyConfig.RUNTIME_OFF.equals(setting)) {
                continue;
            }
            Path dir = setting == null ? runtime.defaultDirectory() : Path.of(setting);
            if (!dir.toFile().isDirectory()) {
                continue; // this host has no guests of that kind
            }
            GuestRuntime.Discovery found;
            try {
                found = runtime.discover(dir);
            } catch (IOException | RuntimeException e) {
                problems.add("Cannot list the " + runtime.id() + " guests in " + dir + ": " + e.getMessage() + ".");
                continue;
            }
            problems.addAll(found.problems());
            for (DiscoveredGuest g : found.guests()) {
                add(guests, new KnownGuest(g, runtime, Optional.empty()), problems);
            }
        }
        for (HashifyConfig.GuestEntry e : config.guests()) {
            add(guests, KnownGuest.plain(e.name(), e.root(), Optional.ofNullable(e.distro())), problems);
        }
        return new GuestRegistry(guests, List.copyOf(problems));
    }

    private static void add(Map<String, KnownGuest> guests, KnownGuest g, List<String> problems) {
        KnownGuest earlier = guests.putIfAbsent(g.name(), g);
        if (earlier != null) {
            problems.add("Two guests are named \"" + g.name() + "\": " + earlier.runtimeId() + " at " + earlier.root()
                    + " and " + g.runtimeId() + " at " + g.root() + "; the second is left out. Rename one.");
        }
    }

    public List<KnownGuest> all() {
        return List.copyOf(guests.values());
    }

    public Optional<KnownGuest> byName(String name) {
        return Optional.ofNullable(guests.get(name));
    }

    /** Lines about runtimes or guests that could not be read. */
    public List<String> problems() {
        return problems;
    }

    /** Whether a guest is running; plain directories never are. */
    public static boolean isRunning(KnownGuest g) throws IOException {
        return g.runtime() != null && g.runtime().isRunning(g.info());
    }
}
