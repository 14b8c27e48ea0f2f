package org.hashify.kernel.ops;

import java.util.List;

/**
 * What a clone did.
 *
 * @param mode the mode asked for: {@code auto}, {@code hardlink} or {@code dedupe}
 * @param reflink whether the new guest's own files were cloned with {@code FICLONE} rather than copied
 * @param linked paths linked to store objects; {@code linkedBytes} counts each path's size
 * @param cloned regular files made with {@code FICLONE}: private inodes sharing the source's extents
 * @param copied regular files whose bytes were copied
 * @param hardLinks further names of a guest-local hard-link group, linked to the group's new inode
 * @param devices device nodes and FIFOs recreated
 * @param socketsSkipped sockets, which belong to a running process and are not copied
 * @param identity what {@code --reset-identity} changed, one line each
 * @param notes things worth knowing that are not failures (mount points, sockets, files that changed while read)
 * @param problems entries not copied or copied without some metadata; the exit status says so
 */
public record CloneReport(String source, String sourceRoot, String newRoot, String mode, boolean reflink,
        long linked, long linkedBytes, long cloned, long clonedBytes, long copied, long copiedBytes, long hardLinks,
        long directories, long symlinks, long devices, long socketsSkipped, List<String> identity, long elapsedMillis,
        List<String> notes, List<String> problems) {

    public CloneReport {
        identity = List.copyOf(identity);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    public boolean complete() {
        return problems.isEmpty();
    }
}
