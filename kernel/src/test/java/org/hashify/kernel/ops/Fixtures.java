package org.hashify.kernel.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.hashify.kernel.engine.GuestSpec;
import org.hashify.kernel.engine.Hashifier;
import org.hashify.kernel.engine.Mode;
import org.hashify.kernel.engine.RunReport;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.testing.TreeSnapshot;
import org.hashify.kernel.walk.ExcludeList;

/** Building, hashifying and describing guests for the clone and split tests. */
final class Fixtures {
    private Fixtures() {
    }

    static RunReport hashify(Path store, Mode mode, Path... guests) throws Exception {
        List<GuestSpec> specs = new ArrayList<>();
        for (Path g : guests) {
            specs.add(new GuestSpec(g.getFileName().toString(), g, ExcludeList.builtIn()));
        }
        try (Store s = Store.openForWriting(store, "test")) {
            RunReport r = new Hashifier(s, new Hashifier.Options(16, false, false, 2, mode), Hashifier.Progress.NONE)
                    .run(specs);
            if (r.hasFailures()) {
                throw new AssertionError("the run failed: " + r.problems());
            }
            return r;
        }
    }

    static GuestSpec spec(Path root) {
        return new GuestSpec(root.getFileName().toString(), root, ExcludeList.builtIn());
    }

    /**
     * Everything a guest sees, per path: type, mode, owner, size, access and modification times to
     * the nanosecond (directories included), extended attributes, content digest, symbolic link
     * target, device number. Leaves out what differs between any two copies: inode numbers, link
     * counts, change times.
     */
    static SortedMap<String, String> manifest(Path root) throws IOException {
        LinuxFs fs = LinuxFs.get();
        SortedMap<String, String> result = new TreeMap<>();
        for (Map.Entry<String, TreeSnapshot.Entry> e : TreeSnapshot.of(root).entrySet()) {
            String path = new String(HexFormat.of().parseHex(e.getKey()), StandardCharsets.UTF_8);
            TreeSnapshot.Entry v = e.getValue();
            StringBuilder b = new StringBuilder();
            b.append(v.type()).append(" mode=").append(Integer.toOctalString(v.mode())).append(" owner=")
                    .append(v.uid()).append(':').append(v.gid()).append(" size=").append(v.type().equals("dir") ? 0
                    : v.size()).append(" mtime=").append(v.mtimeNs()).append(" atime=").append(v.atimeNs())
                    .append(" xattrs=").append(v.xattrs()).append(" content=").append(v.content());
            if (!path.isEmpty() && !v.type().equals("dir") && !v.type().equals("file")) {
                Path p = root.resolve(path.substring(1));
                int dir = fs.openDirectoryPath(p.getParent(), p.getParent().toString());
                try {
                    byte[] name = p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
                    if (v.type().equals("symlink")) {
                        b.append(" target=").append(Files.readSymbolicLink(p));
                    } else {
                        b.append(" rdev=").append(Long.toHexString(fs.deviceNumber(dir, name, p.toString())));
                    }
                    b.append(" lxattrs=").append(hex(fs.xattrsNoFollow(dir, name, p.toString())));
                } finally {
                    fs.close(dir);
                }
            }
            result.put(path, b.toString());
        }
        return result;
    }

    private static Map<String, String> hex(SortedMap<String, byte[]> xattrs) {
        Map<String, String> m = new TreeMap<>();
        xattrs.forEach((k, v) -> m.put(k, HexFormat.of().formatHex(v)));
        return m;
    }

    /** Fails naming only the paths that differ. */
    static void assertSameManifest(SortedMap<String, String> expected, SortedMap<String, String> actual) {
        StringBuilder diff = new StringBuilder();
        java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(expected.get(k), actual.get(k))) {
                diff.append("\n  ").append(k.isEmpty() ? "/" : k).append(":\n    expected ").append(expected.get(k))
                        .append("\n    actual   ").append(actual.get(k));
            }
        }
        if (diff.length() > 0) {
            throw new AssertionError("the trees differ:" + diff);
        }
    }

    static FileStat stat(Path p) throws OsException {
        LinuxFs fs = LinuxFs.get();
        int dir = fs.openDirectoryPath(p.getParent(), p.getParent().toString());
        try {
            return fs.stat(dir, p.getFileName().toString().getBytes(StandardCharsets.UTF_8), p.toString());
        } finally {
            fs.close(dir);
        }
    }

    static long ino(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    static int nlink(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    }

    /** Sets both times of an entry itself (a symlink too) to the nanosecond. */
    static void times(Path p, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec) throws OsException {
        LinuxFs fs = LinuxFs.get();
        int dir = fs.openDirectoryPath(p.getParent(), p.getParent().toString());
        try {
            fs.setTimesNoFollow(dir, p.getFileName().toString().getBytes(StandardCharsets.UTF_8), atimeSec, atimeNsec,
                    mtimeSec, mtimeNsec, p.toString());
        } finally {
            fs.close(dir);
        }
    }

    /** Creates a device node or FIFO. */
    static void mknod(Path p, int mode, long rdev) throws OsException {
        LinuxFs fs = LinuxFs.get();
        int dir = fs.openDirectoryPath(p.getParent(), p.getParent().toString());
        try {
            byte[] name = p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
            fs.mknod(dir, name, mode, rdev, p.toString());
            fs.chmodNoFollow(dir, name, mode & 07777, p.toString());
        } finally {
            fs.close(dir);
        }
    }

    /** Runs a tool (setfacl, setcap, filefrag) and returns its output; fails when it fails. */
    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** The full path of a tool (setfacl, setcap, filefrag), also where PATH lacks the sbin directories; null if absent. */
    static String tool(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return null;
    }
}
