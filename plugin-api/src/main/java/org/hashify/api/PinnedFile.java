package org.hashify.api;

import java.nio.file.Path;

/** An open regular file of a guest, reachable by a host path for as long as it stays open. */
public interface PinnedFile extends AutoCloseable {

    /** A path that names the opened file itself, not whatever the guest path names now. */
    Path path();

    @Override
    void close();
}
