package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.ObjectName;
import org.hashify.kernel.store.ObjectRef;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.LoopMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's index, read from the directory listing where the filesystem allows it, knows exactly
 * the objects and inodes that a stat of every object finds, and recognises every guest link.
 */
class StoreIndexTest {
    private static final Set<String> SAME_INODES_IN_LISTING = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs");

    @TempDir
    Path tmp;

    @Test
    void indexFromTheListingMatchesAStatOfEveryObjectOnTheTempFilesystem() throws Exception {
        checkIndex(tmp);
    }

    @Test
    void indexFromTheListingMatchesAStatOfEveryObjectOnXfs() throws Exception {
        try (LoopMount xfs = LoopMount.create(tmp.resolve("img"), "xfs", 300, "-m", "reflink=1")) {
            checkIndex(xfs.root());
        }
    }

    @Test
    void indexOnOverlayfsStatsEveryObject() throws Exception {
        assumeTrue(GuestTree.isRoot(), "mounting an overlayfs needs root");
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        // A store and guests made on the lower layer, seen through the overlay: their inodes as the
        // overlay reports them are what the index must hold.
        build(lower);
        Runs.run(lower.resolve("store"), Runs.DEFAULT, lower.resolve("a"), lower.resolve("b"));
        Process mount = new ProcessBuilder("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "this kernel cannot mount an overlayfs here: "
                + new String(mount.getInputStream().readAllBytes()));
        try {
            int fd = LinuxFs.get().openDirectoryPath(merged, "overlay");
            try {
                assertFalse(LinuxFs.get().directoryInodesMatch(fd), "overlayfs is not trusted to list inodes");
            } finally {
                LinuxFs.get().close(fd);
            }
            compare(merged);
        } finally {
            new ProcessBuilder("umount", merged.toString()).start().waitFor();
        }
    }

    @Test
    void procIsNotAFilesystemWhoseListingIsTrusted() throws Exception {
        int fd = LinuxFs.get().openDirectoryPath(Path.of("/proc"), "/proc");
        try {
            assertFalse(LinuxFs.get().directoryInodesMatch(fd));
        } finally {
            LinuxFs.get().close(fd);
        }
    }

    private void checkIndex(Path dir) throws Exception {
        int fd = LinuxFs.get().openDirectoryPath(dir, "test dir");
        try {
            String type = Files.getFileStore(dir).type();
            assertEquals(SAME_INODES_IN_LISTING.contains(type), LinuxFs.get().directoryInodesMatch(fd),
                    "filesystem type " + type);
        } finally {
            LinuxFs.get().close(fd);
        }
        build(dir);
        Runs.run(dir.resolve("store"), Runs.DEFAULT, dir.resolve("a"), dir.resolve("b"));
        compare(dir);
    }

    private static void build(Path dir) throws Exception {
        for (String g : new String[] {"a", "b"}) {
            GuestTree t = GuestTree.at(dir.resolve(g));
            for (int i = 0; i < 40; i++) {
                t.file("usr/lib/f" + i, GuestTree.random(i, 100 + i));
            }
            t.file("usr/share/own-" + g, "private to " + g + " and long enough");
        }
    }

    /** The index equals what listObjects (a stat per object) finds, and knows every shared guest file. */
    private static void compare(Path dir) throws Exception {
        try (Store store = Store.openReadOnly(dir.resolve("store"), false)) {
            Map<ObjectName, Long> stated = new TreeMap<>();
            for (Store.StoredObject o : store.listObjects()) {
                stated.put(o.name(), o.stat().ino());
            }
            ObjectIndex index = store.index();
            Map<ObjectName, Long> indexed = new TreeMap<>();
            for (ObjectRef r : index.all()) {
                indexed.put(r.name(), r.ino());
            }
            assertEquals(42, stated.size(), "40 shared files and two guest-own ones became objects");
            assertEquals(stated, indexed);
            for (int i = 0; i < 40; i++) {
                for (String g : new String[] {"a", "b"}) {
                    long ino = (Long) Files.getAttribute(dir.resolve(g + "/usr/lib/f" + i), "unix:ino");
                    assertNotNull(index.byInode(ino), g + "/usr/lib/f" + i + " is a link to an object");
                }
            }
            long notAnObject = (Long) Files.getAttribute(dir.resolve("store/FORMAT"), "unix:ino");
            assertNull(index.byInode(notAnObject), "the store's FORMAT file is no object");
        }
    }
}
