package org.hashify.plugin.nspawn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hashify.api.DiscoveredGuest;
import org.hashify.plugin.support.AbstractGuestRuntime;
import org.hashify.plugin.support.GuestDirectories;
import org.hashify.plugin.support.GuestNames;
import org.hashify.plugin.support.HostTools;
import org.hashify.plugin.support.ToolResult;
import org.pf4j.Extension;

/**
 * systemd-nspawn machines: the directory trees in {@code /var/lib/machines}, asked after through
 * {@code machinectl} and entered with {@code systemd-run -M}. Settings files
 * ({@code /etc/systemd/nspawn/NAME.nspawn}) are not read: they do not move a machine's root.
 */
@Extension
public final class NspawnRuntime extends AbstractGuestRuntime {

    static final String ID = "nspawn";
    static final Path DEFAULT_DIRECTORY = Path.of("/var/lib/machines");
    static final String MACHINECTL = "machinectl";
    static final String SYSTEMD_RUN = "systemd-run";

    private static final String CHECK_MACHINED = "Check systemd-machined with 'machinectl list'.";

    public NspawnRuntime() {
        this(HostTools.system());
    }

    NspawnRuntime(HostTools tools) {
        super(ID, DEFAULT_DIRECTORY, tools);
    }

    /** {@inheritDoc} Raw disk images are reported and left out; hidden entries are skipped silently. */
    @Override
    public Discovery discover(Path directory) throws IOException {
        return GuestDirectories.discover(directory, MachineImages::read);
    }

    /**
     * {@inheritDoc} Asks systemd-machined through {@code machinectl show}; false without
     * {@code machinectl}, for a name machined cannot register, and for a machine it does not know.
     *
     * @throws IOException when machinectl fails for another reason or prints no state
     */
    @Override
    public boolean isRunning(DiscoveredGuest guest) throws IOException {
        Optional<Path> machinectl = tools().find(MACHINECTL);
        if (machinectl.isEmpty() || !MachineState.isMachineName(guest.name())) {
            return false;
        }
        ToolResult result = probe(guest, machinectl.get(), List.of("show", guest.name(), "--property=State"),
                CHECK_MACHINED);
        if (result.exitStatus() != 0 && MachineState.meansNotRunning(result.errors())) {
            return false;
        }
        Optional<String> state = MachineState.of(result.output());
        if (result.exitStatus() != 0 || state.isEmpty()) {
            throw unanswered(guest, result, CHECK_MACHINED);
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
        requireCommand(guest, command);
        if (!MachineState.isMachineName(guest.name())) {
            throw new IllegalArgumentException("nspawn guest " + GuestNames.printable(guest.name())
                    + " cannot be running: systemd-machined accepts no machine of that name");
        }
        // systemd-run rather than nsenter: the command runs as a unit of the machine's own systemd, so it
        // gets the machine's namespaces, cgroup, environment and credentials as its services do and is
        // stopped with the machine, and --wait --pipe pass its output and exit status back. nsenter would
        // keep the host's cgroup and environment and need the leader's PID, which can change under it.
        return commandLine(SYSTEMD_RUN, List.of("-M", guest.name(), "--wait", "--pipe", "--quiet", "--"), command);
    }
}
