package org.hashify.plugin.rpm;

/**
 * An rpm header's bytes do not describe a well-formed header: truncated, garbled or inconsistent.
 * The message says what is wrong, as the end of a sentence that names the header.
 */
final class MalformedHeaderException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedHeaderException(String message) {
        super(message);
    }
}
