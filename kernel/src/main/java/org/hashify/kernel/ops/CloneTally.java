package org.hashify.kernel.ops;

import java.util.ArrayList;
import java.util.List;
import org.hashify.kernel.store.DedupeRecord;
import org.hashify.kernel.walk.GuestPaths;

/** What a clone has done so far, and the words for its messages; filled by the walk and the file cloner. */
final class CloneTally {
    private static final int MAX_SOCKETS_NAMED = 5;

    final String guestName;
    final String target;
    long linked;
    long linkedBytes;
    long cloned;
    long clonedBytes;
    long copied;
    long copiedBytes;
    long hardLinks;
    long directories;
    long symlinks;
    long devices;
    long sockets;
    /** Whether FICLONE was in use to the end. */
    boolean reflink;
    boolean etcSeen;
    boolean machineIdSeen;
    boolean hostnameSeen;
    final List<String> socketPaths = new ArrayList<>();
    final List<String> identity = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    /** Dedupe records of the new guest: its clones of source files that share an object's extents. */
    final List<DedupeRecord> newRefs = new ArrayList<>();

    CloneTally(String guestName, String target) {
        this.guestName = guestName;
        this.target = target;
    }

    /** A source path for messages. */
    String source(String rawPath) {
        return "guest " + guestName + ": " + GuestPaths.display(rawPath);
    }

    /** A path of the new tree for messages. */
    String copy(String rawPath) {
        return "clone " + target + ": " + GuestPaths.display(rawPath);
    }

    void socket(String rawPath) {
        sockets++;
        if (socketPaths.size() < MAX_SOCKETS_NAMED) {
            socketPaths.add(GuestPaths.display(rawPath));
        }
    }

    /** The notes that only make sense once the walk is over. */
    void summarize(boolean resetIdentity) {
        if (sockets > 0) {
            notes.add(sockets + " socket" + (sockets == 1 ? " was" : "s were") + " not copied (a socket belongs to the "
                    + "process that made it, which recreates it): " + String.join(", ", socketPaths)
                    + (sockets > socketPaths.size() ? ", ..." : ""));
        }
        if (resetIdentity) {
            if (!etcSeen) {
                notes.add("guest " + guestName + " has no /etc directory; its identity was not reset");
            } else if (!machineIdSeen) {
                notes.add("guest " + guestName + " has no /etc/machine-id; there was none to empty");
            }
        }
    }
}
