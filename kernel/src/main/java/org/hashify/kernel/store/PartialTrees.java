package org.hashify.kernel.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hashify.kernel.os.DirEntry;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.os.PathBytes;
import org.hashify.kernel.os.TreeRemover;

/**
 * Trees hashify builds outside the store under a hidden name before renaming them into place (a
 * clone). Each is recorded in {@code STORE/tmp/partial-*} before its first entry is made and the
 * record is dropped once the tree was renamed or removed, so a builder killed in between leaves a
 * record that gc follows to remove exactly that tree.
 *
 * <p>A record names the parent directory by path and by device and inode, and the tree by its
 * random hidden name. Removal reopens the parent one component at a time without following links
 * and touches nothing unless the parent is the very directory recorded and the name is a
 * directory: a record never leads gc anywhere else.
 */
public final class PartialTrees {
    static final String PREFIX = "partial-";
    private static final String HEADER = "hashify-partial-tree 1";

    /** One recorded tree. */
    public record Entry(String record, Path parent, long parentDev, long parentIno, byte[] name) {
        public String path() {
            return parent + "/" + new String(name, StandardCharsets.ISO_8859_1);
        }
    }

    /** What {@link #remove} found. */
    public enum Outcome {
        /** The tree was there and is gone. */
        REMOVED,
        /** Nothing was left at the recorded place (the builder died before creating it, or after renaming it). */
        ABSENT,
        /** The recorded parent is no longer the same directory; nothing was touched. */
        MOVED
    }

    private static final LinuxFs FS = LinuxFs.get();

    private PartialTrees() {
    }

    /**
     * Records that a tree named {@code name} is about to be built in the open directory {@code parentFd},
     * whose path is {@code parent}; durable before it returns.
     *
     * @return the record's name, for {@link #forget}
     */
    public static String record(Store store, Path parent, int parentFd, byte[] name) throws IOException {
        FileStat st = FS.fstat(parentFd, "directory " + parent);
        Base64.Encoder b64 = Base64.getEncoder();
        String text = HEADER + "\n" + st.dev() + "\n" + st.ino() + "\n" + b64.encodeToString(PathBytes.of(parent))
                + "\n" + b64.encodeToString(name) + "\n";
        return store.writeTmpRecord(PREFIX, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Drops a record once its tree was renamed into place or removed. */
    public static void forget(Store store, String record) throws IOException {
        store.removeTmpRecord(record);
    }

    /** The recorded trees; a record that cannot be read is returned with a null parent. */
    public static List<Entry> list(Store store) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (DirEntry e : store.tmpEntries()) {
            String recordName = new String(e.name(), StandardCharsets.ISO_8859_1);
            if (!recordName.startsWith(PREFIX)) {
                continue;
            }
            out.add(parse(recordName, store.readTmpRecord(recordName)));
        }
        return out;
    }

    private static Entry parse(String recordName, byte[] content) {
        if (content == null) {
            return new Entry(recordName, null, -1, -1, null);
        }
        String[] lines = new String(content, StandardCharsets.US_ASCII).split("\n");
        try {
            if (lines.length != 5 || !lines[0].equals(HEADER)) {
                return new Entry(recordName, null, -1, -1, null);
            }
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] parent = b64.decode(lines[3]);
            byte[] name = b64.decode(lines[4]);
            if (!validName(name) || parent.length == 0 || parent[0] != '/') {
                return new Entry(recordName, null, -1, -1, null);
            }
            return new Entry(recordName, Path.of(new String(parent, StandardCharsets.ISO_8859_1)),
                    Long.parseLong(lines[1]), Long.parseLong(lines[2]), name);
        } catch (IllegalArgumentException e) {
            return new Entry(recordName, null, -1, -1, null);
        }
    }

    /** A hidden single component as hashify makes them; anything else in a record is not ours. */
    private static boolean validName(byte[] name) {
        if (name.length < 2 || name[0] != '.') {
            return false;
        }
        for (byte b : name) {
            if (b == '/' || b == 0) {
                return false;
            }
        }
        return !(name.length == 2 && name[1] == '.');
    }

    /**
     * Removes a recorded tree and then its record.
     *
     * @throws IOException when the record is unreadable or the tree cannot be removed; the record stays
     */
    public static Outcome remove(Store store, Entry entry) throws IOException {
        if (entry.parent() == null) {
            throw new IOException("record " + store.root() + "/tmp/" + entry.record() + " of a partial tree cannot be "
                    + "read; remove it by hand after checking for a hidden .*.hashify-clone-* directory");
        }
        String what = "partial tree " + entry.path();
        Outcome outcome = removeTree(entry, what);
        forget(store, entry.record());
        return outcome;
    }

    private static Outcome removeTree(Entry entry, String what) throws OsException {
        int parentFd;
        try {
            parentFd = FS.openDirectoryPathNoFollow(entry.parent(), what);
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR) {
                return Outcome.MOVED;
            }
            throw e;
        }
        try {
            FileStat parent = FS.fstat(parentFd, what);
            if (parent.dev() != entry.parentDev() || parent.ino() != entry.parentIno()) {
                return Outcome.MOVED;
            }
            FileStat st;
            try {
                st = FS.stat(parentFd, entry.name(), what);
            } catch (OsException e) {
                if (e.errno() == Errno.ENOENT) {
                    return Outcome.ABSENT;
                }
                throw e;
            }
            if (!st.isDirectory()) {
                return Outcome.ABSENT; // not what was recorded: leave it alone
            }
            new TreeRemover().remove(parentFd, entry.name(), what);
            return Outcome.REMOVED;
        } finally {
            FS.close(parentFd);
        }
    }
}
