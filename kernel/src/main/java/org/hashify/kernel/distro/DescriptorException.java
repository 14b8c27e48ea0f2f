package org.hashify.kernel.distro;

/** A distribution descriptor file cannot be used; the message names the file and what is wrong. */
public final class DescriptorException extends Exception {
    private static final long serialVersionUID = 1L;

    public DescriptorException(String message) {
        super(message);
    }

    public DescriptorException(String message, Throwable cause) {
        super(message, cause);
    }
}
