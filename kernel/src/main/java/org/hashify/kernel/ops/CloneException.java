package org.hashify.kernel.ops;

/** A clone cannot start: the new root exists, lies on another filesystem, or inside a guest or the store. */
public final class CloneException extends Exception {
    private static final long serialVersionUID = 1L;

    public CloneException(String message) {
        super(message);
    }
}
