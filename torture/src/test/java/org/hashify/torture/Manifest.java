package org.hashify.torture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.hashify.kernel.engine.ContentHasher;
import org.hashify.kernel.os.DirEntry;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;

/**
 * What a tree shows, path by path: type, mode, owner, size, mtime, extended attributes, and the
 * SHA-256 of a regular file (or a symlink's target, a device's number). Read through directory
 * descriptors with O_NOFOLLOW and O_NOATIME, so taking one changes nothing, not even an access
 * time, and reaches paths longer than PATH_MAX. A FIFO or device is never opened.
 */
final class Manifest {
    /** How much of each entry counts. */
    enum Detail {
        /** What a guest sees: content and metadata, whichever inode holds it (DESIGN.md Semantics 1). */
        CONTENT,
        /** CONTENT and link counts: for gc, which must not change any guest inode. */
        LINKS,
        /** Everything, inode, atime and ctime included: for host files hashify must never touch. */
        ALL
    }

    /** One path; fields that the detail leaves out are zero. */
    record Entry(String type, int mode, int uid, int gid, long size, long mtimeNs, Map<String, String> xattrs,
            String content, long ino, int nlink, long atimeNs, long ctimeNs) {
    }

    private static final Pattern TEMP_NAME = Pattern.compile("\\.hashify-[0-9a-f]{16}\\.tmp");

    private final SortedMap<String, Entry> entries;

    private Manifest(SortedMap<String, Entry> entries) {
        this.entries = entries;
    }

    static Manifest of(Path root, Detail detail) throws IOException {
        // a thread with a deep stack: one frame per directory level, and the suite builds 2,000 of them
        Manifest[] result = new Manifest[1];
        IOException[] failure = new IOException[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = read(root, detail);
            } catch (IOException e) {
                failure[0] = e;
            }
        }, "manifest", 256L << 20);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + root, e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    private static Manifest read(Path root, Detail detail) throws IOException {
        LinuxFs fs = LinuxFs.get();
        SortedMap<String, Entry> entries = new TreeMap<>();
        int fd = fs.openDirectoryPath(root, root.toString());
        try {
            entries.put("/", entry(fs, fd, null, fs.fstat(fd, root.toString()), detail));
            walk(fs, fd, "", entries, detail);
        } finally {
            fs.close(fd);
        }
        return new Manifest(entries);
    }

    static Manifest content(Path root) throws IOException {
        return of(root, Detail.CONTENT);
    }

    private static void walk(LinuxFs fs, int dirFd, String prefix, SortedMap<String, Entry> entries, Detail detail)
            throws IOException {
        for (DirEntry e : fs.list(dirFd, prefix)) {
            String path = prefix + "/" + new String(e.name(), StandardCharsets.ISO_8859_1);
            FileStat st = fs.stat(dirFd, e.name(), path);
            if (st.isDirectory()) {
                int fd = fs.openDirectory(dirFd, e.name(), path);
                try {
                    entries.put(path, entry(fs, fd, null, fs.fstat(fd, path), detail));
                    walk(fs, fd, path, entries, detail);
                } finally {
                    fs.close(fd);
                }
            } else if (st.isRegular()) {
                int fd = fs.openForReading(dirFd, e.name(), path);
                try {
                    entries.put(path, entry(fs, fd, null, fs.fstat(fd, path), detail));
                } finally {
                    fs.close(fd);
                }
            } else {
                String content;
                if (st.isSymlink()) {
                    content = HexFormat.of().formatHex(fs.readlink(dirFd, e.name(), path));
                } else {
                    content = "rdev " + fs.deviceNumber(dirFd, e.name(), path);
                }
                Map<String, String> xattrs = new TreeMap<>();
                fs.xattrsNoFollow(dirFd, e.name(), path).forEach((k, v) -> xattrs.put(k, HexFormat.of().formatHex(v)));
                entries.put(path, trim(new Entry(st.isSymlink() ? "symlink" : type(st), st.mode(), st.uid(), st.gid(),
                        st.isSymlink() ? 0 : st.size(), st.isSymlink() ? 0 : mtime(st), xattrs, content, st.ino(),
                        st.nlink(), atime(st), ctime(st)), detail));
            }
        }
    }

    private static String type(FileStat st) {
        return switch (st.mode() & FileStat.S_IFMT) {
            case 0010000 -> "fifo";
            case 0020000 -> "char";
            case 0060000 -> "block";
            case 0140000 -> "socket";
            default -> "other";
        };
    }

    private static Entry entry(LinuxFs fs, int fd, String ignored, FileStat st, Detail detail) throws IOException {
        Map<String, String> xattrs = new TreeMap<>();
        fs.xattrs(fd, "manifest").forEach((k, v) -> xattrs.put(k, HexFormat.of().formatHex(v)));
        boolean dir = st.isDirectory();
        String content = null;
        if (!dir) {
            byte[] digest = new ContentHasher().hash(fd, st.size(), "manifest");
            content = digest == null ? "changed while read" : HexFormat.of().formatHex(digest);
        }
        return trim(new Entry(dir ? "dir" : "file", st.mode(), st.uid(), st.gid(), dir ? 0 : st.size(), mtime(st),
                xattrs, content, st.ino(), st.nlink(), atime(st), ctime(st)), detail);
    }

    /** Drops what the detail does not compare; a directory's mtime counts only in ALL. */
    private static Entry trim(Entry e, Detail detail) {
        if (detail == Detail.ALL) {
            return e;
        }
        boolean dir = e.type().equals("dir");
        return new Entry(e.type(), e.mode(), e.uid(), e.gid(), e.size(), dir ? 0 : e.mtimeNs(), e.xattrs(), e.content(),
                0, detail == Detail.LINKS && !dir ? e.nlink() : 0, 0, 0);
    }

    private static long mtime(FileStat st) {
        return st.mtimeSec() * 1_000_000_000L + st.mtimeNsec();
    }

    private static long atime(FileStat st) {
        return st.atimeSec() * 1_000_000_000L + st.atimeNsec();
    }

    private static long ctime(FileStat st) {
        return st.ctimeSec() * 1_000_000_000L + st.ctimeNsec();
    }

    SortedMap<String, Entry> entries() {
        return entries;
    }

    int size() {
        return entries.size();
    }

    Entry get(String path) {
        return entries.get(path);
    }

    /** Paths whose last component is one of hashify's temporary names in guests. */
    List<String> tempNames() {
        List<String> temps = new ArrayList<>();
        for (String p : entries.keySet()) {
            if (isTempName(p)) {
                temps.add(p);
            }
        }
        return temps;
    }

    static boolean isTempName(String path) {
        return TEMP_NAME.matcher(path.substring(path.lastIndexOf('/') + 1)).matches();
    }

    /** This manifest without hashify's temporary names (leftovers of a killed run). */
    Manifest withoutTempNames() {
        SortedMap<String, Entry> kept = new TreeMap<>(entries);
        kept.keySet().removeIf(Manifest::isTempName);
        return new Manifest(kept);
    }

    /** Null when equal, else the differing paths (at most 20), readable. */
    String differences(Manifest now) {
        StringBuilder diff = new StringBuilder();
        TreeSet<String> keys = new TreeSet<>(entries.keySet());
        keys.addAll(now.entries.keySet());
        int n = 0;
        for (String k : keys) {
            Entry a = entries.get(k);
            Entry b = now.entries.get(k);
            if (!Objects.equals(a, b)) {
                if (++n <= 20) {
                    diff.append("\n  ").append(printable(k)).append(":\n    was ").append(a).append("\n    now ").append(b);
                }
            }
        }
        if (n > 20) {
            diff.append("\n  ... and ").append(n - 20).append(" more");
        }
        return n == 0 ? null : n + " paths differ:" + diff;
    }

    static String printable(String raw) {
        byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
        String s = new String(b, StandardCharsets.UTF_8).replace("\n", "\\n");
        return s.length() > 300 ? s.substring(0, 140) + "..." + s.substring(s.length() - 140) : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && m.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** Digests of every regular file, for "is this a complete version" checks. */
    List<String> digests() {
        return entries.values().stream().filter(e -> e.type().equals("file")).map(Entry::content).toList();
    }

    static byte[] bytes(String raw) {
        return Arrays.copyOf(raw.getBytes(StandardCharsets.ISO_8859_1), raw.length());
    }
}
