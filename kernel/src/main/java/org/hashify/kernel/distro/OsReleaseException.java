package org.hashify.kernel.distro;

/** A file that should be an os-release(5) file is not one; the message names the guest and the file. */
public final class OsReleaseException extends Exception {
    private static final long serialVersionUID = 1L;

    public OsReleaseException(String message) {
        super(message);
    }
}
