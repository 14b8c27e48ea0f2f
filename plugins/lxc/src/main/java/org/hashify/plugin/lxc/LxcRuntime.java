package org.hashify.plugin.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime;
import org.hashify.plugin.support.GuestDirectories;
import org.hashify.plugin.support.GuestNames;
import org.hashify.plugin.support.GuestOrigins;
import org.hashify.plugin.support.HostTools;
import org.hashify.plugin.support.SkippedGuest;
import org.hashify.plugin.support.ToolResult;
import org.pf4j.Extension;

/**
 * LXC containers: one directory with a {@code config} file per container in an lxcpath
 * ({@code /var/lib/lxc}), inspected with {@code lxc-info} and entered with {@code lxc-attach}.
 * Containers whose root is an image, a device or a layered mount are reported and left out.
 */
@Extension
public final class LxcRuntime implements GuestRuntime {

    static final String ID = "lxc";
    static final Path DEFAULT_DIRECTORY = Path.of("/var/lib/lxc");
    static final String INFO = "lxc-info";
    static final String ATTACH = "lxc-attach";

    private final HostTools tools;
    private final GuestOrigins lxcPaths = new GuestOrigins();

    public LxcRuntime() {
        this(HostTools.system());
    }

    LxcRuntime(HostTools tools) {
        this.tools = tools;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Path defaultDirectory() {
        return DEFAULT_DIRECTORY;
    }

    /**
     * {@inheritDoc} Takes each container's root from {@code lxc.rootfs.path} (or the older
     * {@code lxc.rootfs}), else {@code DIRECTORY/NAME/rootfs}; only directory and btrfs roots qualify.
     */
    @Override
    public Discovery discover(Path directory) throws IOException {
        Path lxcPath = directory.toAbsolutePath().normalize();
        List<DiscoveredGuest> guests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path entry : GuestDirectories.entries(lxcPath)) {
            if (!Files.isDirectory(entry)) {
                continue;
            }
            try {
                Optional<DiscoveredGuest> guest = LxcConfigReader.read(entry);
                if (guest.isPresent()) {
                    lxcPaths.remember(guest.get(), lxcPath);
                    guests.add(guest.get());
                }
            } catch (SkippedGuest e) {
                problems.add(e.getMessage());
            }
        }
        return new Discovery(guests, problems);
    }

    /**
     * {@inheritDoc} Asks {@code lxc-info -s}; false without {@code lxc-info}, since no container can
     * run on a host without LXC. A frozen container counts as not running: nothing can run in it.
     *
     * @throws IOException when lxc-info fails or says something other than a state
     */
    @Override
    public boolean isRunning(DiscoveredGuest guest) throws IOException {
        Optional<Path> info = tools.find(INFO);
        if (info.isEmpty()) {
            return false;
        }
        ToolResult result;
        try {
            result = tools.probe(info.get(), List.of("-s", "-n", name(guest), "-P", lxcPath(guest).toString()));
        } catch (IOException e) {
            throw new IOException(cannotTell(guest) + e.getMessage() + ". Check LXC with 'lxc-ls -f'.", e);
        }
        Optional<String> state = LxcState.of(result.output());
        if (result.exitStatus() != 0 || state.isEmpty()) {
            throw new IOException(cannotTell(guest) + result.describe() + ". Check LXC with 'lxc-ls -f -P "
                    + lxcPath(guest) + "'.");
        }
        return state.get().equals(LxcState.RUNNING);
    }

    /** {@inheritDoc} {@code lxc-attach -n NAME -P LXCPATH -- COMMAND...}, with the lxcpath it was found in. */
    @Override
    public List<String> enterCommand(DiscoveredGuest guest, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("No command to run in lxc guest " + guest.name());
        }
        List<String> line = new ArrayList<>(List.of(tools.pathOf(ATTACH).toString(), "-n", name(guest), "-P",
                lxcPath(guest).toString(), "--"));
        line.addAll(command);
        return List.copyOf(line);
    }

    /** The directory the guest was discovered in; the default one for a guest this runtime did not find. */
    private Path lxcPath(DiscoveredGuest guest) {
        return lxcPaths.of(guest).orElse(DEFAULT_DIRECTORY);
    }

    private static String name(DiscoveredGuest guest) {
        GuestNames.refusal(guest.name()).ifPresent(r -> {
            throw new IllegalArgumentException("lxc guest " + GuestNames.printable(guest.name()) + ": the name " + r);
        });
        return guest.name();
    }

    private static String cannotTell(DiscoveredGuest guest) {
        return "Cannot tell whether lxc guest " + GuestNames.printable(guest.name()) + " is running: ";
    }
}
