package org.hashify.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * A kind of guest (Linux-VServer, LXC, systemd-nspawn): finds the guests of its kind on the host,
 * says whether one is running, and how to run a command inside a running one.
 *
 * <p>The kernel runs the commands; for a stopped guest it uses its own chroot in fresh namespaces,
 * so a runtime only wraps a command for guests that are running.
 */
public interface GuestRuntime extends ExtensionPoint {

    /** A short stable name: {@code vserver}, {@code lxc}, {@code nspawn}. */
    String id();

    /** Where this runtime's guests are configured on a standard host ({@code /etc/vservers}). */
    Path defaultDirectory();

    /**
     * The guests configured in {@code directory} (the default one, or another the administrator
     * or a test names). Guests that are marked disabled are left out. A guest whose configuration
     * cannot be read is left out too, with a line in {@link Discovery#problems()}.
     */
    Discovery discover(Path directory) throws IOException;

    /** Whether the guest is running now. */
    boolean isRunning(DiscoveredGuest guest) throws IOException;

    /**
     * The host command line that runs {@code command} inside the running guest, e.g.
     * {@code lxc-attach -n NAME -- command...}.
     */
    List<String> enterCommand(DiscoveredGuest guest, List<String> command);

    /** What {@link #discover} found. */
    record Discovery(List<DiscoveredGuest> guests, List<String> problems) {
        public Discovery {
            guests = List.copyOf(guests);
            problems = List.copyOf(problems);
        }
    }
}
