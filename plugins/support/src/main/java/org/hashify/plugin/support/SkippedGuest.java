package org.hashify.plugin.support;

/**
 * A guest left out of a runtime's discovery; the message is the one-line problem to report, naming
 * the guest and the file and saying what to do. Names and paths in it come from configuration files,
 * so control characters are escaped: a newline in one cannot forge a second line.
 */
public final class SkippedGuest extends Exception {

    public SkippedGuest(String problem) {
        super(GuestNames.printable(problem));
    }

    public SkippedGuest(String problem, Throwable cause) {
        super(GuestNames.printable(problem), cause);
    }
}
