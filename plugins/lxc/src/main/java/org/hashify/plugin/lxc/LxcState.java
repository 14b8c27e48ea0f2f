package org.hashify.plugin.lxc;

import java.util.Optional;

/** Reads the state out of what {@code lxc-info -s} prints: {@code State: RUNNING}, or just the word with {@code -H}. */
final class LxcState {

    static final String RUNNING = "RUNNING";

    private LxcState() {}

    /** The state word, such as {@code RUNNING}, {@code STOPPED} or {@code FROZEN}, if the output has one. */
    static Optional<String> of(String output) {
        for (String line : output.split("\n")) {
            String text = line.strip();
            if (text.startsWith("State:")) {
                return Optional.of(text.substring("State:".length()).strip());
            }
            if (text.matches("[A-Z]+")) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }
}
