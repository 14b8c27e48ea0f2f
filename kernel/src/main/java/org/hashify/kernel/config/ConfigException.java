package org.hashify.kernel.config;

/** The configuration file cannot be used; the message names the file, the key or line, and the fix. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConfigException(String message) {
        super(message);
    }
}
