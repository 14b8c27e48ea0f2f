package org.hashify.plugin.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hashify.api.DiscoveredGuest;
import org.hashify.api.GuestRuntime;

/**
 * A guest runtime that asks host tools whether a guest is running and enters it through them: holds
 * the runtime's id, default directory and {@link HostTools}, and words the errors such runtimes share,
 * naming the runtime and the guest ("Cannot tell whether lxc guest web is running: ...").
 */
public abstract class AbstractGuestRuntime implements GuestRuntime {

    private final String id;
    private final Path defaultDirectory;
    private final HostTools tools;

    /**
     * @param id the runtime's id, which its messages also call its guests by ("lxc guest web")
     * @param defaultDirectory where its guests are configured on a standard host
     * @param tools where its host tools are found and how they are run
     */
    protected AbstractGuestRuntime(String id, Path defaultDirectory, HostTools tools) {
        this.id = Objects.requireNonNull(id, "id");
        this.defaultDirectory = Objects.requireNonNull(defaultDirectory, "defaultDirectory");
        this.tools = Objects.requireNonNull(tools, "tools");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Path defaultDirectory() {
        return defaultDirectory;
    }

    /** The host tools this runtime finds and runs. */
    protected final HostTools tools() {
        return tools;
    }

    /**
     * Runs {@code tool} with {@code arguments} to ask about {@code guest}.
     *
     * @param remedy a sentence saying what to check, which ends the message when the tool cannot answer
     * @throws IOException when the tool cannot be started or does not finish in time, naming the guest
     */
    protected final ToolResult probe(DiscoveredGuest guest, Path tool, List<String> arguments, String remedy)
            throws IOException {
        try {
            return tools.probe(tool, arguments);
        } catch (IOException e) {
            throw new IOException(cannotTell(guest) + e.getMessage() + ". " + remedy, e);
        }
    }

    /**
     * The error for a probe whose answer says neither running nor stopped: what the tool said, then
     * {@code remedy}, a sentence saying what to check.
     */
    protected final IOException unanswered(DiscoveredGuest guest, ToolResult result, String remedy) {
        return new IOException(cannotTell(guest) + result.describe() + ". " + remedy);
    }

    /**
     * The guest's name, to pass to the runtime's tools.
     *
     * @throws IllegalArgumentException when {@link GuestNames} refuses it, since a tool could misread it
     */
    protected final String checkedName(DiscoveredGuest guest) {
        GuestNames.refusal(guest.name()).ifPresent(r -> {
            throw new IllegalArgumentException(id + " guest " + GuestNames.printable(guest.name()) + ": the name " + r);
        });
        return guest.name();
    }

    /**
     * Checks that there is a command to run in {@code guest}.
     *
     * @throws IllegalArgumentException when {@code command} is empty
     */
    protected final void requireCommand(DiscoveredGuest guest, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("No command to run in " + id + " guest " + guest.name());
        }
    }

    /** {@code TOOL OPTIONS... COMMAND...}, the tool by the absolute path {@link HostTools#pathOf} gives. */
    protected final List<String> commandLine(String tool, List<String> options, List<String> command) {
        List<String> line = new ArrayList<>();
        line.add(tools.pathOf(tool).toString());
        line.addAll(options);
        line.addAll(command);
        return List.copyOf(line);
    }

    private String cannotTell(DiscoveredGuest guest) {
        return "Cannot tell whether " + id + " guest " + GuestNames.printable(guest.name()) + " is running: ";
    }
}
