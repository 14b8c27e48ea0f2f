package org.hashify.api;

/**
 * A package configuration file of a guest: a file an administrator is meant to edit, which hashify
 * never shares.
 *
 * @param path guest-absolute path as the package database names it
 * @param owner the package that owns it, for messages
 */
public record ConfigFile(String path, String owner) {
    public ConfigFile {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a configuration file needs a path");
        }
        if (owner == null || owner.isEmpty()) {
            throw new IllegalArgumentException("configuration file " + path + " needs an owning package");
        }
    }
}
