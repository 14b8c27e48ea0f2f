package org.hashify.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hashify.kernel.os.LinuxFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md Semantics 5: guests are untrusted. Symlinks to host files from every place hashify
 * looks, a guest that swaps directories for symlinks while it runs, FIFOs and devices where files
 * are expected, hostile names, paths past PATH_MAX and 2,000 levels deep, a guest root that is a
 * symlink. Host sentinels keep content, link count and every timestamp (atime included), and a
 * FIFO sentinel proves hashify never opened it: a writer blocked on it would wake up.
 */
class HostileGuestsIT {
    private static final byte[] SECRET = GuestFarm.random(42, 9000);
    private static final String LONG_COMPONENT = "p".repeat(200);
    private static final String NAME_255 = "n".repeat(250) + ".data";

    @TempDir
    Path tmp;

    private Path host;
    private int cases;

    @Test
    void hostileGuestsNeverReachTheHost() throws Exception {
        try {
            hostileGuests();
        } finally {
            // paths past PATH_MAX: NIO (and so @TempDir's cleanup) cannot delete them, rm can
            Trees.delete(tmp.resolve("guests"));
        }
    }

    private void hostileGuests() throws Exception {
        host = Files.createDirectories(tmp.resolve("host"));
        buildSentinels();
        Manifest hostBefore = Manifest.of(host, Manifest.Detail.ALL);
        FifoWatch fifo = FifoWatch.start(host.resolve("sentinel.fifo"));

        Path guests = Files.createDirectories(tmp.resolve("guests"));
        List<Path> roots = new ArrayList<>();
        roots.add(plain(guests.resolve("plain")));
        roots.add(symlinks(guests.resolve("symlinks")));
        roots.add(hostileDpkg(guests.resolve("dpkg-paths")));
        roots.add(dpkgDirIsSymlink(guests.resolve("dpkg-dir")));
        roots.add(specialFiles(guests.resolve("specials")));
        roots.add(names(guests.resolve("names-a")));
        roots.add(names(guests.resolve("names-b")));
        int depth = 2000;
        roots.add(deep(guests.resolve("deep-a"), depth));
        roots.add(deep(guests.resolve("deep-b"), depth));
        Path swapping = swapper(guests.resolve("swapper"));
        roots.add(swapping);
        Map<Path, Manifest> before = Trees.manifests(roots, Manifest.Detail.CONTENT);

        Path store = tmp.resolve("store");
        List<String> args = new ArrayList<>(List.of("run", "--store", store.toString()));
        roots.forEach(r -> args.add(r.toString()));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong swaps = new AtomicLong();
        Thread swapperThread = new Thread(() -> swapLoop(swapping.resolve("usr/lib/swap"), stop, swaps), "swapper");
        Hashify.Result r;
        int rounds = Torture.count(3, 20);
        List<Hashify.Result> results = new ArrayList<>();
        swapperThread.start();
        try {
            for (int i = 0; i < rounds; i++) {
                // a run, then a run over linked guests, each while the swapper works
                long t0 = System.nanoTime();
                r = Hashify.start(args.toArray(String[]::new)).await(Duration.ofMinutes(3));
                results.add(r);
                Torture.log("hostile run " + i + ": exit " + r.status() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                if (i == 0) {
                    Trees.delete(store); // a fresh store again: every round adopts and links anew
                }
            }
        } finally {
            stop.set(true);
            swapperThread.join();
        }
        for (Hashify.Result res : results) {
            assertNotEquals(-1, res.status(), "hashify hung (an opened FIFO or device?)\n" + res.both());
            assertTrue(res.status() == 0 || res.status() == 1, "exit 0 or 1, never 4:\n" + res.both());
            assertEquals(List.of(), Trees.foreignErrorLines(res.err()), "one-line messages only:\n" + res.both());
        }
        r = results.get(results.size() - 1);

        // the host: not opened, not linked, not read, not even its access times moved
        assertFalse(fifo.openedByAnother(), "a host FIFO reached only through guest symlinks was opened");
        fifo.close();
        String hostDiff = hostBefore.differences(Manifest.of(host, Manifest.Detail.ALL));
        assertEquals(null, hostDiff, "the host's sentinel files changed");
        cases++; // the FIFO sentinel

        // the guests: nothing lost; the weird and the deep ones were shared, not merely skipped
        Trees.assertUnchanged(before, Manifest.Detail.CONTENT, false, "hostile guests");
        Manifest a = Manifest.of(guests.resolve("names-a"), Manifest.Detail.ALL);
        Manifest b = Manifest.of(guests.resolve("names-b"), Manifest.Detail.ALL);
        for (String name : List.of("/usr/share/line\nfeed", "/usr/share/" + new String(new byte[] {'x', (byte) 0xff,
                (byte) 0xfe}, StandardCharsets.ISO_8859_1), "/usr/share/" + NAME_255,
                "/usr/share/" + LONG_COMPONENT.repeat(1) + "/" + LONG_COMPONENT + "/f")) {
            assertEquals(a.get(name).ino(), b.get(name).ino(), Manifest.printable(name) + " is shared\n" + r.both());
        }
        Manifest da = Manifest.of(guests.resolve("deep-a"), Manifest.Detail.ALL);
        Manifest db = Manifest.of(guests.resolve("deep-b"), Manifest.Detail.ALL);
        for (String key : List.of(Deep.bottom("/usr/long", LONG_COMPONENT, 24), Deep.bottom("/usr/deep", "d", depth))) {
            assertEquals(da.get(key).ino(), db.get(key).ino(), "a file at depth " + key.length() + " bytes is shared\n"
                    + r.both());
        }
        Torture.log("hostile: " + cases + " cases, " + swaps.get() + " directory swaps during " + rounds + " runs");
        assertTrue(swaps.get() > 10, "the swapper swapped during the runs");
        Torture.figure("hostile.cases", cases);
        Torture.figure("hostile.swaps", swaps.get());
        Torture.figure("hostile.runs", rounds);

        // a guest root that is itself a symlink is refused, and nothing anywhere changes
        Path linkedRoot = guests.resolve("linked-root");
        Files.createSymbolicLink(linkedRoot, host.resolve("dir"));
        Hashify.Result refused = Hashify.run("run", "--store", store.toString(), linkedRoot.toString());
        assertEquals(2, refused.status(), refused.both());
        assertTrue(refused.err().contains("symbolic link"), refused.both());
        assertEquals(null, hostBefore.differences(Manifest.of(host, Manifest.Detail.ALL)), "the host's sentinel files changed");
        cases++;
        Torture.figure("hostile.cases", 1);
    }

    /** Host files guests point at; the same bytes and metadata as guest files, so following one would share it. */
    private void buildSentinels() throws Exception {
        sentinel(host.resolve("secret.txt"));
        sentinel(host.resolve("dir/lib.so"));
        Files.writeString(host.resolve("dir/status"), "Package: evil\nStatus: install ok installed\nConffiles:\n"
                + " /etc/x 0123\n\n");
        for (int i = 0; i < 20; i++) {
            sentinel(host.resolve("swapdir/f" + i));
        }
        LinuxFs fs = LinuxFs.get();
        int d = fs.openDirectoryPath(host, host.toString());
        try {
            fs.mknod(d, "sentinel.fifo".getBytes(StandardCharsets.US_ASCII), 0010644, 0, "fifo");
        } finally {
            fs.close(d);
        }
        // access times older than the mtimes: under relatime any read would move them (set without opening anything)
        long atime = GuestFarm.MTIME.toInstant().getEpochSecond() - 3 * 86_400;
        try (var s = Files.walk(host)) {
            for (Path p : s.filter(p -> !p.equals(host)).toList()) {
                int dir = fs.openDirectoryPath(p.getParent(), p.getParent().toString());
                try {
                    fs.setTimesNoFollow(dir, p.getFileName().toString().getBytes(StandardCharsets.UTF_8), atime, 0,
                            GuestFarm.MTIME.toInstant().getEpochSecond(), 0, p.toString());
                } finally {
                    fs.close(dir);
                }
            }
        }
    }

    private static void sentinel(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Files.write(p, SECRET);
        Files.setAttribute(p, "unix:mode", 0644, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(p, GuestFarm.MTIME);
    }

    private static Path guestFile(Path root, String rel, byte[] content) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        Files.setAttribute(p, "unix:mode", 0644, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(p, GuestFarm.MTIME);
        return p;
    }

    private static void osRelease(Path root) throws Exception {
        guestFile(root, "etc/os-release", "ID=debian\n".getBytes(StandardCharsets.UTF_8));
        guestFile(root, "var/lib/dpkg/status", new byte[0]);
    }

    /** A guest holding the secret's bytes itself, so that every copy has an object to join. */
    private Path plain(Path root) throws Exception {
        osRelease(root);
        guestFile(root, "usr/lib/secret-copy", SECRET);
        for (int i = 0; i < 20; i++) {
            guestFile(root, "usr/lib/swap/f" + i, SECRET);
        }
        return root;
    }

    /** Symlinks to host files and directories, and to the guest root's own parents, where the walk goes. */
    private Path symlinks(Path root) throws Exception {
        osRelease(root);
        guestFile(root, "usr/lib/own-copy", SECRET);
        link(root, "usr/lib/abs-file", host.resolve("secret.txt").toString());
        link(root, "usr/lib/rel-file", "../../../../host/secret.txt");
        link(root, "usr/lib/abs-dir", host.resolve("dir").toString());
        link(root, "usr/lib/fifo-link", host.resolve("sentinel.fifo").toString());
        link(root, "usr/parent", "..");
        link(root, "usr/grandparents", "../../..");
        link(root, "usr/slash", "/");
        link(root, "usr/self", ".");
        return root;
    }

    private void link(Path root, String rel, String target) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
        cases++;
    }

    /** os-release a symlink to a host file; a dpkg database naming paths that climb out of the guest. */
    private Path hostileDpkg(Path root) throws Exception {
        guestFile(root, "usr/lib/own-copy", SECRET);
        link(root, "etc/os-release", host.resolve("secret.txt").toString());
        link(root, "usr/lib/os-release", "../../../../host/secret.txt");
        guestFile(root, "var/lib/dpkg/status", ("Package: evil\nStatus: install ok installed\nArchitecture: all\n"
                + "Conffiles:\n /../../../host/secret.txt 0123\n /etc/../../../../host/dir/lib.so 0123\n"
                + " /usr/lib/abs-dir/lib.so 0123\n /usr/lib/own-copy/../../../../host/secret.txt 0123\n\n")
                .getBytes(StandardCharsets.UTF_8));
        link(root, "usr/lib/abs-dir", host.resolve("dir").toString());
        cases += 2;
        return root;
    }

    /** var/lib/dpkg itself a symlink to a host directory holding a status file. */
    private Path dpkgDirIsSymlink(Path root) throws Exception {
        guestFile(root, "etc/os-release", "ID=debian\n".getBytes(StandardCharsets.UTF_8));
        guestFile(root, "usr/lib/own-copy", SECRET);
        Files.createDirectories(root.resolve("var/lib"));
        link(root, "var/lib/dpkg", host.resolve("dir").toString());
        return root;
    }

    /** FIFOs and device nodes where hashify expects regular files: a library, os-release, the dpkg status. */
    private Path specialFiles(Path root) throws Exception {
        guestFile(root, "usr/lib/own-copy", SECRET);
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.createDirectories(root.resolve("usr/bin"));
        LinuxFs fs = LinuxFs.get();
        special(fs, root.resolve("usr/lib"), "libfifo.so.1", 0010644, 0);
        special(fs, root.resolve("etc"), "os-release", 0010644, 0);
        special(fs, root.resolve("var/lib/dpkg"), "status", 0010644, 0);
        if (Hashify.isRoot()) {
            // /dev/zero: a read would never end; /dev/null as a library
            special(fs, root.resolve("usr/bin"), "zero-device", 0020644, LinuxFs.makedev(1, 5));
            special(fs, root.resolve("usr/lib"), "libnull.so", 0020644, LinuxFs.makedev(1, 3));
            special(fs, root.resolve("etc"), "debian_version", 0020644, LinuxFs.makedev(1, 5));
        }
        return root;
    }

    private void special(LinuxFs fs, Path dir, String name, int mode, long rdev) throws Exception {
        int d = fs.openDirectoryPath(dir, dir.toString());
        try {
            fs.mknod(d, name.getBytes(StandardCharsets.UTF_8), mode, rdev, "special");
        } finally {
            fs.close(d);
        }
        cases++;
    }

    /** Newlines, bytes that are not UTF-8, a 255-byte component, a long path. */
    private Path names(Path root) throws Exception {
        osRelease(root);
        Path share = Files.createDirectories(root.resolve("usr/share"));
        byte[] content = GuestFarm.random(7, 4000);
        guestFile(root, "usr/share/line\nfeed", content);
        guestFile(root, "usr/share/" + NAME_255, content);
        guestFile(root, "usr/share/" + LONG_COMPONENT + "/" + LONG_COMPONENT + "/f", content);
        LinuxFs fs = LinuxFs.get();
        int d = fs.openDirectoryPath(share, share.toString());
        try {
            int f = fs.createExclusive(d, new byte[] {'x', (byte) 0xff, (byte) 0xfe}, 0644, "raw");
            try {
                fs.writeFully(f, content, content.length, "raw");
                fs.setModificationTime(f, GuestFarm.MTIME.toInstant().getEpochSecond(), GuestFarm.MTIME.toInstant().getNano(), "raw");
            } finally {
                fs.close(f);
            }
        } finally {
            fs.close(d);
        }
        cases += 2;
        return root;
    }

    /** A path of more than 4,096 bytes and a tree {@code depth} directories deep. */
    private Path deep(Path root, int depth) throws Exception {
        osRelease(root);
        Files.createDirectories(root.resolve("usr/long"));
        Files.createDirectories(root.resolve("usr/deep"));
        Deep.build(root.resolve("usr/long"), LONG_COMPONENT, 24, GuestFarm.random(8, 3000));
        Deep.build(root.resolve("usr/deep"), "d", depth, GuestFarm.random(9, 3000));
        cases++;
        return root;
    }

    /** A guest whose usr/lib/swap is swapped for a symlink to a host directory of the same files, and back. */
    private Path swapper(Path root) throws Exception {
        osRelease(root);
        for (int i = 0; i < 20; i++) {
            guestFile(root, "usr/lib/swap/f" + i, SECRET);
        }
        cases++;
        return root;
    }

    private void swapLoop(Path dir, AtomicBoolean stop, AtomicLong swaps) {
        Path aside = dir.resolveSibling("swap.aside");
        try {
            while (!stop.get()) {
                Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                Files.createSymbolicLink(dir, host.resolve("swapdir"));
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                Files.delete(dir);
                Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
                swaps.incrementAndGet();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the swapper failed", e);
        }
    }

    /**
     * A writer blocked in open(2) on a FIFO: it wakes up only when someone opens the FIFO for
     * reading, which is how a FIFO shows that it was opened.
     */
    static final class FifoWatch implements AutoCloseable {
        private final Path fifo;
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean openedEarly = new AtomicBoolean();
        private final Thread writer;

        private FifoWatch(Path fifo) {
            this.fifo = fifo;
            this.writer = new Thread(() -> {
                int fd = Native.C.open(fifo.toString(), Native.O_WRONLY);
                if (!released.get()) {
                    openedEarly.set(true);
                }
                Native.C.close(fd);
            }, "fifo-writer");
            writer.setDaemon(true);
        }

        static FifoWatch start(Path fifo) {
            FifoWatch w = new FifoWatch(fifo);
            w.writer.start();
            return w;
        }

        boolean openedByAnother() {
            return openedEarly.get();
        }

        @Override
        public void close() {
            released.set(true);
            int fd = Native.C.open(fifo.toString(), Native.O_RDONLY | Native.O_NONBLOCK);
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Native.C.close(fd);
            }
        }
    }
}
