package org.hashify.plugin.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.plugin.support.AbstractGuestRuntime;
import org.hashify.plugin.support.GuestDirectories;
import org.hashify.plugin.support.GuestOrigins;
import org.hashify.plugin.support.HostTools;
import org.hashify.plugin.support.ToolResult;
import org.pf4j.Extension;

/**
 * LXC containers: one directory with a {@code config} file per container in an lxcpath
 * ({@code /var/lib/lxc}), inspected with {@code lxc-info} and entered with {@code lxc-attach}.
 * Containers whose root is an image, a device or a layered mount are reported and left out.
 */
@Extension
public final class LxcRuntime extends AbstractGuestRuntime {

    static final String ID = "lxc";
    static final Path DEFAULT_DIRECTORY = Path.of("/var/lib/lxc");
    static final String INFO = "lxc-info";
    static final String ATTACH = "lxc-attach";

    private final GuestOrigins lxcPaths = new GuestOrigins();

    public LxcRuntime() {
        this(HostTools.system());
    }

    LxcRuntime(HostTools tools) {
        super(ID, DEFAULT_DIRECTORY, tools);
    }

    /**
     * {@inheritDoc} Takes each container's root from {@code lxc.rootfs.path} (or the older
     * {@code lxc.rootfs}), else {@code DIRECTORY/NAME/rootfs}; only directory and btrfs roots qualify.
     */
    @Override
    public Discovery discover(Path directory) throws IOException {
        Path lxcPath = directory.toAbsolutePath().normalize();
        Discovery found = GuestDirectories.discover(lxcPath,
                entry -> Files.isDirectory(entry) ? LxcConfigReader.read(entry) : Optional.empty());
        found.guests().forEach(guest -> lxcPaths.remember(guest, lxcPath));
        return found;
    }

    /**
     * {@inheritDoc} Asks {@code lxc-info -s}; false without {@code lxc-info}, since no container can
     * run on a host without LXC. A frozen container counts as not running: nothing can run in it.
     *
     * @throws IOException when lxc-info fails or says something other than a state
     */
    @Override
    public boolean isRunning(DiscoveredGuest guest) throws IOException {
        Optional<Path> info = tools().find(INFO);
        if (info.isEmpty()) {
            return false;
        }
        ToolResult result = probe(guest, info.get(), List.of("-s", "-n", checkedName(guest), "-P",
                lxcPath(guest).toString()), "Check LXC with 'lxc-ls -f'.");
        Optional<String> state = LxcState.of(result.output());
        if (result.exitStatus() != 0 || state.isEmpty()) {
            throw unanswered(guest, result, "Check LXC with 'lxc-ls -f -P " + lxcPath(guest) + "'.");
        }
        return state.get().equals(LxcState.RUNNING);
    }

    /** {@inheritDoc} {@code lxc-attach -n NAME -P LXCPATH -- COMMAND...}, with the lxcpath it was found in. */
    @Override
    public List<String> enterCommand(DiscoveredGuest guest, List<String> command) {
        requireCommand(guest, command);
        return commandLine(ATTACH, List.of("-n", checkedName(guest), "-P", lxcPath(guest).toString(), "--"), command);
    }

    /** The directory the guest was discovered in; the default one for a guest this runtime did not find. */
    private Path lxcPath(DiscoveredGuest guest) {
        return lxcPaths.of(guest).orElse(DEFAULT_DIRECTORY);
    }
}
