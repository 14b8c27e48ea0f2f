package org.hashify.plugin.vserver;

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
 * Linux-VServer guests as util-vserver configures them: one directory per guest in
 * {@code /etc/vservers}, its root named by {@code vdir}, run through the {@code vserver} tool.
 */
@Extension
public final class VserverRuntime extends AbstractGuestRuntime {

    static final String ID = "vserver";
    static final Path DEFAULT_DIRECTORY = Path.of("/etc/vservers");
    static final String TOOL = "vserver";

    private final GuestOrigins origins = new GuestOrigins();

    public VserverRuntime() {
        this(HostTools.system());
    }

    VserverRuntime(HostTools tools) {
        super(ID, DEFAULT_DIRECTORY, tools);
    }

    /**
     * {@inheritDoc} A guest is a subdirectory with a {@code vdir} entry and no {@code disabled}
     * marker; its exclude list and hash directory fall back to those of {@code .defaults}.
     */
    @Override
    public Discovery discover(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        VserverConfigReader reader = new VserverConfigReader(dir);
        // Files beside the guests (the legacy NAME.conf, notes) are not guests.
        Discovery found = GuestDirectories.discover(dir,
                entry -> Files.isDirectory(entry) ? reader.read(entry) : Optional.empty());
        found.guests().forEach(guest -> origins.remember(guest, dir));
        return found;
    }

    /**
     * {@inheritDoc} Asks {@code vserver NAME running}; false without the {@code vserver} tool, since
     * no Linux-VServer guest can run on a host that lacks util-vserver.
     *
     * @throws IOException when the tool fails in a way that answers neither yes nor no
     */
    @Override
    public boolean isRunning(DiscoveredGuest guest) throws IOException {
        Optional<Path> vserver = tools().find(TOOL);
        if (vserver.isEmpty()) {
            return false;
        }
        String handle = handle(guest);
        String remedy = "Check util-vserver with 'vserver " + handle + " status'.";
        ToolResult result = probe(guest, vserver.get(), List.of(handle, "running"), remedy);
        // util-vserver answers 0 for running and 1 for stopped; anything else is a failure of its own.
        return switch (result.exitStatus()) {
            case 0 -> true;
            case 1 -> false;
            default -> throw unanswered(guest, result, remedy);
        };
    }

    /** {@inheritDoc} {@code vserver NAME exec COMMAND...}, which runs it as root in the guest's context. */
    @Override
    public List<String> enterCommand(DiscoveredGuest guest, List<String> command) {
        requireCommand(guest, command);
        return commandLine(TOOL, List.of(handle(guest), "exec"), command);
    }

    /**
     * How util-vserver's tools are to name the guest: by name when its configuration is in
     * {@code /etc/vservers}, where they look for names, else by the absolute path of its
     * configuration directory, which they accept in place of a name.
     */
    private String handle(DiscoveredGuest guest) {
        String name = checkedName(guest);
        Path dir = origins.of(guest).orElse(DEFAULT_DIRECTORY);
        return dir.equals(DEFAULT_DIRECTORY) ? name : dir.resolve(name).toString();
    }
}
