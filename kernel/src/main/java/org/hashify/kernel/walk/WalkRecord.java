package org.hashify.kernel.walk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hashify.kernel.os.FileStat;

/**
 * What a hardlink-mode walk of one guest found in each directory that it may skip next time: one
 * whose entries were all already unified, left alone by the exclude list, or not regular files.
 * The next walk trusts such a directory without listing it while its change time (ctime) is the
 * recorded one: adding, removing or renaming an entry changes a directory's ctime, and no process
 * can set a ctime back (utimensat sets only atime and mtime). What it still checks each time: the
 * change time of every directory, that each recorded subdirectory is the same inode on the same
 * filesystem (a mount shows there), and that each file counted as unified is still a store object.
 *
 * <p>A directory holding a file that could still be unified (a unit, a file below the minimum size
 * that may grow in place, a leftover, one that could not be read) is never recorded, and neither is
 * one whose ctime is within {@link #RACY_MILLIS} of the walk's start: a change in the same clock
 * tick as the walk's stat would leave the ctime as it was.
 *
 * <p>Valid only for the exclude list, the configuration files and the minimum size it was made
 * with ({@link #fingerprint}), and for the guest root it was made for; kept in the store.
 */
public final class WalkRecord {
    /** Directories changed this recently (or later) before the walk began are not recorded. */
    public static final long RACY_MILLIS = 50;

    private static final byte[] MAGIC = "hashify-walk 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_NAME = 4096;
    private static final int MAX_COUNT = 50_000_000;

    /** A subdirectory of a recorded directory: its name, inode and exclude-rule match; or a mount point. */
    record Sub(byte[] name, long ino, int match, boolean otherFilesystem) {
    }

    /**
     * One recorded directory.
     *
     * @param counts what the walk counted in it ({@link GuestWalker} knows the order)
     * @param unified the inodes of its files that were store objects
     */
    record Dir(long ino, long ctimeSec, int ctimeNsec, long[] counts, List<Sub> subs, long[] unified) {
        boolean unchanged(FileStat now) {
            return now.ino() == ino && now.ctimeSec() == ctimeSec && now.ctimeNsec() == ctimeNsec;
        }
    }

    private final byte[] fingerprint;
    private final long rootDev;
    private final long rootIno;
    private final Map<Long, Dir> dirs;

    WalkRecord(byte[] fingerprint, long rootDev, long rootIno, Map<Long, Dir> dirs) {
        this.fingerprint = fingerprint.clone();
        this.rootDev = rootDev;
        this.rootIno = rootIno;
        this.dirs = dirs;
    }

    /** An empty record for a guest root, to be filled by a walk. */
    static WalkRecord empty(byte[] fingerprint, long rootDev, long rootIno) {
        return new WalkRecord(fingerprint, rootDev, rootIno, new LinkedHashMap<>());
    }

    /** Whether this record was made for that root with those rules. */
    boolean appliesTo(byte[] fingerprint, long rootDev, long rootIno) {
        return Arrays.equals(this.fingerprint, fingerprint) && this.rootDev == rootDev && this.rootIno == rootIno;
    }

    Dir dir(long ino) {
        return dirs.get(ino);
    }

    void put(Dir d) {
        dirs.put(d.ino(), d);
    }

    /** Directories recorded. */
    public int size() {
        return dirs.size();
    }

    /**
     * What a record depends on besides the tree: the exclude list (patterns and configuration
     * files) and the minimum size.
     */
    public static byte[] fingerprint(ExcludeList excludes, long minSize) {
        return excludes.fingerprint(("min-size " + minSize + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The record as stored; equal trees walked in the same order give equal bytes. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.write(fingerprint);
            out.writeLong(rootDev);
            out.writeLong(rootIno);
            out.writeInt(dirs.size());
            for (Dir d : dirs.values()) {
                out.writeLong(d.ino());
                out.writeLong(d.ctimeSec());
                out.writeInt(d.ctimeNsec());
                out.writeInt(d.counts().length);
                for (long c : d.counts()) {
                    out.writeLong(c);
                }
                out.writeInt(d.subs().size());
                for (Sub s : d.subs()) {
                    out.writeInt(s.name().length);
                    out.write(s.name());
                    out.writeLong(s.ino());
                    out.writeInt(s.match());
                    out.writeBoolean(s.otherFilesystem());
                }
                out.writeInt(d.unified().length);
                for (long ino : d.unified()) {
                    out.writeLong(ino);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a record; null when the bytes are not one (truncated, of another version, absurd): the
     * walk then lists every directory, as without a record.
     */
    public static WalkRecord decode(byte[] data, int counts) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                return null;
            }
            byte[] fingerprint = in.readNBytes(32);
            long rootDev = in.readLong();
            long rootIno = in.readLong();
            int n = bounded(in.readInt());
            Map<Long, Dir> dirs = new LinkedHashMap<>(Math.min(n, 1 << 16) * 2);
            for (int i = 0; i < n; i++) {
                long ino = in.readLong();
                long ctimeSec = in.readLong();
                int ctimeNsec = in.readInt();
                if (in.readInt() != counts) {
                    return null;
                }
                long[] c = new long[counts];
                for (int k = 0; k < counts; k++) {
                    c[k] = in.readLong();
                }
                int subCount = bounded(in.readInt());
                List<Sub> subs = new ArrayList<>(Math.min(subCount, 1024));
                for (int k = 0; k < subCount; k++) {
                    int len = in.readInt();
                    if (len <= 0 || len > MAX_NAME) {
                        return null;
                    }
                    byte[] name = in.readNBytes(len);
                    if (name.length != len || !plainName(name)) {
                        return null;
                    }
                    subs.add(new Sub(name, in.readLong(), in.readInt(), in.readBoolean()));
                }
                int unifiedCount = bounded(in.readInt());
                long[] unified = new long[Math.min(unifiedCount, 1 << 16)];
                for (int k = 0; k < unifiedCount; k++) {
                    if (k == unified.length) {
                        unified = Arrays.copyOf(unified, Math.min(unifiedCount, unified.length * 2));
                    }
                    unified[k] = in.readLong();
                }
                dirs.put(ino, new Dir(ino, ctimeSec, ctimeNsec, c, subs, unified));
            }
            if (in.read() != -1) {
                return null;
            }
            return new WalkRecord(fingerprint, rootDev, rootIno, dirs);
        } catch (IOException | NegativeArraySizeException e) {
            return null;
        }
    }

    private static int bounded(int n) throws IOException {
        if (n < 0 || n > MAX_COUNT) {
            throw new IOException("implausible count " + n);
        }
        return n;
    }

    /** A directory entry name: not empty, no '/', no NUL, not "." or "..". */
    private static boolean plainName(byte[] name) {
        for (byte b : name) {
            if (b == '/' || b == 0) {
                return false;
            }
        }
        return !(name.length == 1 && name[0] == '.') && !(name.length == 2 && name[0] == '.' && name[1] == '.');
    }
}
