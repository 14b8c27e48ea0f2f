package org.hashify.api;

/** A guest's package database could not be read: missing, truncated, garbled or unsupported. */
public class PackageDatabaseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String guestPath;

    /**
     * @param guestPath the database file inside the guest that is at fault
     * @param message what is wrong with it and, where possible, what to do, as a full sentence
     */
    public PackageDatabaseException(String guestPath, String message) {
        super(message);
        this.guestPath = guestPath;
    }

    public PackageDatabaseException(String guestPath, String message, Throwable cause) {
        super(message, cause);
        this.guestPath = guestPath;
    }

    /** The database file inside the guest that is at fault. */
    public String guestPath() {
        return guestPath;
    }
}
