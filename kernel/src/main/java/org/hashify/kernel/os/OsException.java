package org.hashify.kernel.os;

import java.io.IOException;

/** A system call failed; carries the errno so callers can tell "vanished" from "no space". */
public final class OsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String call;

    public OsException(String call, int errno, String what) {
        super(what + ": " + Errno.describe(errno) + " (" + call + ")");
        this.errno = errno;
        this.call = call;
    }

    public int errno() {
        return errno;
    }

    public String call() {
        return call;
    }

    /** The file or directory is gone or was replaced by something that is not what was asked for. */
    public boolean isVanished() {
        return errno == Errno.ENOENT || errno == Errno.ENOTDIR || errno == Errno.ELOOP;
    }
}
