package org.hashify.kernel.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hashify.kernel.engine.ContentHasher;
import org.hashify.kernel.os.DirEntry;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;

/**
 * Everything a guest (or a store) shows: per path its type, inode, link count, mode, owner, size,
 * times, extended attributes and content digest. Reads content with O_NOATIME, so taking a
 * snapshot changes nothing.
 */
public final class TreeSnapshot {
    /** One entry; {@code content} is the SHA-256 of a regular file, the target of a symlink. */
    public record Entry(String type, long ino, int nlink, int mode, int uid, int gid, long size, long mtimeNs,
            long atimeNs, long ctimeNs, Map<String, String> xattrs, String content) {

        /** The same entry as seen by a guest that does not care which inode holds it. */
        public Entry withoutInode() {
            return new Entry(type, 0, 0, mode, uid, gid, size, mtimeNs, 0, 0, xattrs, content);
        }
    }

    private TreeSnapshot() {
    }

    public static SortedMap<String, Entry> of(Path root) throws IOException {
        SortedMap<String, Entry> entries = new TreeMap<>();
        // Walks with O_NOATIME descriptors (NIO's directory streams would move directories' access times).
        LinuxFs fs = LinuxFs.get();
        int rootFd = fs.openDirectoryPath(root, root.toString());
        try {
            entries.put("", entry(fs, rootFd, fs.fstat(rootFd, "snapshot"), true));
            walk(fs, rootFd, new byte[0], entries);
        } finally {
            fs.close(rootFd);
        }
        return entries;
    }

    private static void walk(LinuxFs fs, int dirFd, byte[] prefix, SortedMap<String, Entry> entries) throws IOException {
        for (DirEntry e : fs.list(dirFd, "snapshot")) {
            byte[] rel = concat(prefix, e.name());
            FileStat st = fs.stat(dirFd, e.name(), "snapshot");
            if (st.isDirectory()) {
                int fd = fs.openDirectory(dirFd, e.name(), "snapshot");
                try {
                    entries.put(HexFormat.of().formatHex(rel), entry(fs, fd, st, true));
                    walk(fs, fd, rel, entries);
                } finally {
                    fs.close(fd);
                }
            } else if (st.isRegular()) {
                int fd = fs.openForReading(dirFd, e.name(), "snapshot");
                try {
                    entries.put(HexFormat.of().formatHex(rel), entry(fs, fd, st, false));
                } finally {
                    fs.close(fd);
                }
            } else {
                entries.put(HexFormat.of().formatHex(rel), new Entry(st.isSymlink() ? "symlink" : "other", st.ino(),
                        st.nlink(), st.mode(), st.uid(), st.gid(), st.size(), mtime(st), atime(st), ctime(st), Map.of(),
                        null));
            }
        }
    }

    private static byte[] concat(byte[] prefix, byte[] name) {
        byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + 1 + name.length);
        out[prefix.length] = '/';
        System.arraycopy(name, 0, out, prefix.length + 1, name.length);
        return out;
    }

    private static Entry entry(LinuxFs fs, int fd, FileStat st, boolean dir) throws IOException {
        Map<String, String> xattrs = new TreeMap<>();
        fs.xattrs(fd, "snapshot").forEach((k, v) -> xattrs.put(k, HexFormat.of().formatHex(v)));
        String content = dir ? null : HexFormat.of().formatHex(new ContentHasher().hash(fd, st.size(), "snapshot"));
        return new Entry(dir ? "dir" : "file", st.ino(), st.nlink(), st.mode(), st.uid(), st.gid(), dir ? 0 : st.size(),
                mtime(st), atime(st), ctime(st), xattrs, content);
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

    /** Content and metadata only: equal when no guest could tell a difference. */
    public static SortedMap<String, Entry> contentOf(Path root) throws IOException {
        SortedMap<String, Entry> result = new TreeMap<>();
        of(root).forEach((k, v) -> result.put(k, v.type().equals("dir") ? new Entry("dir", 0, 0, v.mode(), v.uid(),
                v.gid(), 0, 0, 0, 0, v.xattrs(), null) : v.withoutInode()));
        return result;
    }

    /** Fails naming only the paths that differ (a whole-map message would be unreadable). */
    public static void assertSame(SortedMap<String, Entry> expected, SortedMap<String, Entry> actual) {
        StringBuilder diff = new StringBuilder();
        java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            Entry e = expected.get(k);
            Entry a = actual.get(k);
            if (!java.util.Objects.equals(e, a)) {
                String path = new String(HexFormat.of().parseHex(k), java.nio.charset.StandardCharsets.UTF_8);
                diff.append("\n  ").append(path).append(":\n    was ").append(e).append("\n    now ").append(a);
            }
        }
        if (diff.length() > 0) {
            throw new AssertionError("the tree changed:" + diff);
        }
    }
}
