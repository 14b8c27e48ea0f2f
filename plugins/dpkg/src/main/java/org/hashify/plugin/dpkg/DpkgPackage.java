package org.hashify.plugin.dpkg;

import java.util.List;

/**
 * One package record of a dpkg database, its names as raw text (one char per byte) like the rest
 * of the database.
 *
 * @param name the {@code Package:} name
 * @param architecture the {@code Architecture:}, empty when the record has none
 * @param multiArchSame whether {@code Multi-Arch: same}, so that several architectures can be installed
 * @param state how far the package is installed
 * @param conffiles its conffiles, in database order
 * @param source the database file that holds the record, for messages
 */
record DpkgPackage(
        String name, String architecture, boolean multiArchSame, DpkgState state,
        List<DpkgConffile> conffiles, String source) {

    DpkgPackage {
        if (name == null || name.isEmpty() || architecture == null || state == null || source == null) {
            throw new IllegalArgumentException("a dpkg package record needs a name, a state and a source");
        }
        conffiles = List.copyOf(conffiles);
    }

    /**
     * The name dpkg shows and keys its database by: {@code name:arch} for a {@code Multi-Arch: same}
     * package, whose architectures coexist, and the bare name otherwise.
     */
    String owner() {
        return multiArchSame && !architecture.isEmpty() ? name + ":" + architecture : name;
    }
}
