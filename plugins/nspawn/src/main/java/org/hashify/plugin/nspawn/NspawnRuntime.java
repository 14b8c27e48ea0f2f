package org.hashify.plugin.nspawn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime;
import org.hashify.plugin.support.GuestDirectories;
import org.hashify.plugin.support.GuestNames;
import org.hashify.plugin.support.HostTools;
import org.hashify.plugin.support.SkippedGuest;
import org.hashify.plugin.support.ToolResult;
import org.pf4j.Extension;

/**
 * systemd-nspawn machines: the directory trees in {@code /var/lib/machines}, asked after through
 * {@code machinectl} and entered with {@code systemd-run -M}. Settings files
 * ({@code /etc/systemd/nspawn/NAME.nspawn}) are not read: they do not move a machine's root.
 */
@Extension
public final class NspawnRuntime implements GuestRuntime {

    static final String ID = "nspawn";
    static final Path DEFAULT_DIRECTORY = Path.of("/var/lib/machines");
    static final String MACHINECTL = "machinectl";
    static final String SYSTEMD_RUN = "systemd-run";

    private final HostTools tools;

    public NspawnRuntime() {
        this(HostTools.system());
    }

    NspawnRuntime(HostTools tools) {
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

    /** {@inheritDoc} Raw disk images are reported and left out; hidden entries are skipped silently. */
    @Override
    public Discovery discover(Path directory) throws IOException {
        List<DiscoveredGuest> guests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path entry : GuestDirectories.entries(directory)) {
            try {
                MachineImages.read(entry).ifPresent(guests::add);
            } catch (SkippedGuest e) {
                problems.add(e.getMessage());
            }
        }
        return new Discovery(guests, problems);
    }

    /**
     * {@inheritDoc} Asks systemd-machined through {@code machinectl show}; false without
     * {@code machinectl}, for a name machined cannot register, and for a machine it does not know.
     *
     * @throws IOException when machinectl fails for another reason or prints no state
     */
    @Override
    public boolean isRunning(DiscoveredGuest guest) throws IOException {
        Optional<Path> machinectl = tools.find(MACHINECTL);
        if (machinectl.isEmpty() || !MachineState.isMachineName(guest.name())) {
            return false;
        }
        ToolResult result;
        try {
            result = tools.probe(machinectl.get(), List.of("show", guest.name(), "--property=State"));
        } catch (IOException e) {
            throw new IOException(cannotTell(guest) + e.getMessage() + ". Check systemd-machined with"
                    + " 'machinectl list'.", e);
        }
        if (result.exitStatus() != 0 && MachineState.meansNotRunning(result.errors())) {
            return false;
        }
        Optional<String> state = MachineState.of(result.output());
        if (result.exitStatus() != 0 || state.isEmpty()) {
            throw new IOException(cannotTell(guest) + result.describe() + ". Check systemd-machined with"
                    + " 'machinectl list'.");
        }
        return state.get().equals(MachineState.RUNNING);
    }

    /**
     * {@inheritDoc} {@code systemd-run -M NAME --wait --pipe --quiet -- COMMAND...}.
     *
     * @throws IllegalArgumentException for a name machined cannot register, so no running machine has
     */
    @Override
    public List<String> enterCommand(DiscoveredGuest guest, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("No command to run in nspawn guest " + guest.name());
        }
        if (!MachineState.isMachineName(guest.name())) {
            throw new IllegalArgumentException("nspawn guest " + GuestNames.printable(guest.name())
                    + " cannot be running: systemd-machined accepts no machine of that name");
        }
        // systemd-run rather than nsenter: the command runs as a unit of the machine's own systemd, so it
        // gets the machine's namespaces, cgroup, environment and credentials as its services do and is
        // stopped with the machine, and --wait --pipe pass its output and exit status back. nsenter would
        // keep the host's cgroup and environment and need the leader's PID, which can change under it.
        List<String> line = new ArrayList<>(List.of(tools.pathOf(SYSTEMD_RUN).toString(), "-M", guest.name(),
                "--wait", "--pipe", "--quiet", "--"));
        line.addAll(command);
        return List.copyOf(line);
    }

    private static String cannotTell(DiscoveredGuest guest) {
        return "Cannot tell whether nspawn guest " + GuestNames.printable(guest.name()) + " is running: ";
    }
}
