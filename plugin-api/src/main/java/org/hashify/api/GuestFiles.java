package org.hashify.api;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of one guest's root filesystem that never leaves it.
 *
 * <p>Paths are guest-absolute ({@code /var/lib/dpkg/status}). Every component is resolved inside the
 * guest root without following symbolic links, so a guest cannot point a plugin at a host file. A
 * path containing {@code ..}, a NUL byte or an empty component is refused with an {@link IOException}.
 */
public interface GuestFiles {

    /** The guest's name, for messages. */
    String guestName();

    /** What a path names, without following a final symbolic link. */
    EntryKind kind(String guestPath) throws IOException;

    /**
     * Reads a whole regular file.
     *
     * @return empty when nothing exists at the path
     * @throws IOException when the path names something other than a regular file (a symlink
     *     included), the file is larger than {@code maxBytes}, or it cannot be read
     */
    Optional<byte[]> read(String guestPath, long maxBytes) throws IOException;

    /** The names in a directory, sorted; empty when the directory does not exist. */
    List<String> list(String guestDir) throws IOException;

    /**
     * Opens a regular file for a library that insists on a file name (an SQLite driver, say). The
     * returned handle's {@link PinnedFile#path()} names exactly the file that was opened, whatever
     * happens to the guest's directories, until the handle is closed.
     */
    PinnedFile pin(String guestPath) throws IOException;

    /** Kinds of directory entries, as seen without following links. */
    enum EntryKind { MISSING, REGULAR, DIRECTORY, SYMLINK, OTHER }
}
