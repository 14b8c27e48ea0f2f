package org.hashify.kernel.distro;

/**
 * No override, detector, release file or package database told a guest's distribution; the
 * message says what was looked at and how to fix it.
 */
public final class UnknownDistributionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String guest;

    public UnknownDistributionException(String guest, String message) {
        super(message);
        this.guest = guest;
    }

    /** The guest whose distribution is unknown. */
    public String guest() {
        return guest;
    }
}
