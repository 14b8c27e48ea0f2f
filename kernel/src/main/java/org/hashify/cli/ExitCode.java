package org.hashify.cli;

/** Exit statuses every hashify command uses. */
public final class ExitCode {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** Some files or guests failed; the rest was done. */
    public static final int SOME_FAILED = 1;
    /** Bad usage or bad input (options, exclude list, configuration). */
    public static final int BAD_INPUT = 2;
    /** The store is locked by another run, or in a state hashify does not expect. */
    public static final int UNEXPECTED_STATE = 3;
    /** A bug in hashify. */
    public static final int INTERNAL = 4;

    private ExitCode() {
    }
}
