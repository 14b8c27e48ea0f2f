package org.hashify.api;

import java.nio.charset.StandardCharsets;

/**
 * A package configuration file of a guest: a file an administrator is meant to edit, which hashify
 * never shares.
 *
 * <p>The path is kept as the database stores it, byte for byte, because a file name need not be
 * valid UTF-8 and one that could not be named could not be kept private: {@code rawPath} holds one
 * character per byte (ISO-8859-1). Build one with {@link #ofText} when the path is text, or
 * {@link #ofBytes} when it comes from raw database bytes.
 *
 * @param rawPath the guest-absolute path, one char per byte
 * @param owner the package that owns it, for messages
 */
public record ConfigFile(String rawPath, String owner) {
    public ConfigFile {
        if (rawPath == null || rawPath.isEmpty()) {
            throw new IllegalArgumentException("a configuration file needs a path");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            if (rawPath.charAt(i) > 0xff) {
                throw new IllegalArgumentException("rawPath holds one char per byte; use ConfigFile.ofText for text: "
                        + rawPath);
            }
        }
        if (owner == null || owner.isEmpty()) {
            throw new IllegalArgumentException("configuration file " + rawPath + " needs an owning package");
        }
    }

    /** A configuration file whose path is text (encoded as UTF-8 on disk). */
    public static ConfigFile ofText(String path, String owner) {
        return new ConfigFile(new String(path.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), owner);
    }

    /** A configuration file whose path is the given bytes, whatever their encoding. */
    public static ConfigFile ofBytes(byte[] path, String owner) {
        return new ConfigFile(new String(path, StandardCharsets.ISO_8859_1), owner);
    }

    /** The path's bytes. */
    public byte[] pathBytes() {
        return rawPath.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The path as text for messages: UTF-8 where it is, invalid bytes replaced. */
    public String displayPath() {
        return new String(pathBytes(), StandardCharsets.UTF_8);
    }
}
