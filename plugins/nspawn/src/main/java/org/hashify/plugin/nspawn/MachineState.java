package org.hashify.plugin.nspawn;

import java.util.Optional;
import java.util.regex.Pattern;

/** What systemd-machined says about a machine, as {@code machinectl show --property=State} prints it. */
final class MachineState {

    static final String RUNNING = "running";

    /**
     * The names machined can register: like host names, at most 64 characters of letters, digits,
     * {@code -} and {@code _}, in dot-separated labels.
     */
    private static final Pattern MACHINE_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final int MAX_MACHINE_NAME = 64;

    private MachineState() {}

    /** Whether machined could register a machine of this name; one it cannot is never running. */
    static boolean isMachineName(String name) {
        return name.length() <= MAX_MACHINE_NAME && MACHINE_NAME.matcher(name).matches();
    }

    /** The state ({@code opening}, {@code running}, {@code closing}) from a {@code State=} line, if any. */
    static Optional<String> of(String output) {
        return output.lines().map(String::strip).filter(l -> l.startsWith("State="))
                .map(l -> l.substring("State=".length())).findFirst();
    }

    /**
     * Whether machinectl's error means only that the machine is not running: machined knows no
     * machine of that name, or the host does not run systemd, so no nspawn machine can be up.
     */
    static boolean meansNotRunning(String errors) {
        return errors.contains("No machine") || errors.contains("not been booted with systemd");
    }
}
