package org.hashify.kernel.walk;

/** An exclude list has a line hashify cannot use; the message names the file and line. */
public final class ExcludeListException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExcludeListException(String message) {
        super(message);
    }
}
