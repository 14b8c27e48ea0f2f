package org.hashify.torture;

import jnr.ffi.LibraryLoader;

/** The C library's open(2) with any flags, which NIO does not offer (a FIFO opened without blocking). */
final class Native {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_NONBLOCK = 04000;

    /** The calls used. */
    public interface LibC {
        int open(String path, int flags);

        int close(int fd);
    }

    static final LibC C = LibraryLoader.create(LibC.class).load("c");

    private Native() {
    }
}
