package org.hashify.kernel.engine;

/**
 * What a guest's package database said, for the report.
 *
 * @param configFiles how many configuration files are kept private because the database lists them
 */
public record GuestPackages(String distribution, String version, String packageManager, String how, int configFiles) {
}
