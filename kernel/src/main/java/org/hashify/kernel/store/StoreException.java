package org.hashify.kernel.store;

/** The store cannot be used as asked: locked, unknown format, on the wrong filesystem. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
