package org.hashify.plugin.vserver;

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
 * Linux-VServer guests as util-vserver configures them: one directory per guest in
 * {@code /etc/vservers}, its root named by {@code vdir}, run through the {@code vserver} tool.
 */
@Extension
public final class VserverRuntime implements GuestRuntime {

    static final String ID = "vserver";
    static final Path DEFAULT_DIRECTORY = Path.of("/etc/vservers");
    static final String TOOL = "vserver";

    private final HostTools tools;
    private final GuestOrigins origins = new GuestOrigins();

    public VserverRuntime() {
        this(HostTools.system());
    }

    VserverRuntime(HostTools tools) {
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
     * {@inheritDoc} A guest is a subdirectory with a {@code vdir} entry and no {@code disabled}
     * marker; its exclude list and hash directory fall back to those of {@code .defaults}.
     */
    @Override
    public Discovery discover(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        VserverConfigReader reader = new VserverConfigReader(dir);
        List<DiscoveredGuest> guests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path entry : GuestDirectories.entries(dir)) {
            // Files beside the guests (the legacy NAME.conf, notes) are not guests.
            if (!Files.isDirectory(entry)) {
                continue;
            }
            try {
                Optional<DiscoveredGuest> guest = reader.read(entry);
                if (guest.isPresent()) {
                    origins.remember(guest.get(), dir);
                    guests.add(guest.get());
                }
            } catch (SkippedGuest e) {
                problems.add(e.getMessage());
            }
        }
        return new Discovery(guests, problems);
    }

    /**
     * {@inheritDoc} Asks {@code vserver NAME running}; false without the {@code vserver} tool, since
     * no Linux-VServer guest can run on a host that lacks util-vserver.
     *
     * @throws IOException when the tool fails in a way that answers neither yes nor no
     */
    @Override
    public boolean isRunning(DiscoveredGuest guest) throws IOException {
        Optional<Path> vserver = tools.find(TOOL);
        if (vserver.isEmpty()) {
            return false;
        }
        ToolResult result;
        try {
            result = tools.probe(vserver.get(), List.of(handle(guest), "running"));
        } catch (IOException e) {
            throw new IOException(cannotTell(guest) + e.getMessage() + ". Check util-vserver with 'vserver "
                    + handle(guest) + " status'.", e);
        }
        // util-vserver answers 0 for running and 1 for stopped; anything else is a failure of its own.
        return switch (result.exitStatus()) {
            case 0 -> true;
            case 1 -> false;
            default -> throw new IOException(cannotTell(guest) + result.describe() + ". Check util-vserver with"
                    + " 'vserver " + handle(guest) + " status'.");
        };
    }

    /** {@inheritDoc} {@code vserver NAME exec COMMAND...}, which runs it as root in the guest's context. */
    @Override
    public List<String> enterCommand(DiscoveredGuest guest, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("No command to run in vserver guest " + guest.name());
        }
        List<String> line = new ArrayList<>(List.of(tools.pathOf(TOOL).toString(), handle(guest), "exec"));
        line.addAll(command);
        return List.copyOf(line);
    }

    /**
     * How util-vserver's tools are to name the guest: by name when its configuration is in
     * {@code /etc/vservers}, where they look for names, else by the absolute path of its
     * configuration directory, which they accept in place of a name.
     */
    private String handle(DiscoveredGuest guest) {
        GuestNames.refusal(guest.name()).ifPresent(r -> {
            throw new IllegalArgumentException("vserver guest " + GuestNames.printable(guest.name())
                    + ": the name " + r);
        });
        Path dir = origins.of(guest).orElse(DEFAULT_DIRECTORY);
        return dir.equals(DEFAULT_DIRECTORY) ? guest.name() : dir.resolve(guest.name()).toString();
    }

    private static String cannotTell(DiscoveredGuest guest) {
        return "Cannot tell whether vserver guest " + GuestNames.printable(guest.name()) + " is running: ";
    }
}
