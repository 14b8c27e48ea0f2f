package org.hashify.kernel.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hashify.kernel.os.DirEntry;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;

/**
 * The content-addressed store of one filesystem.
 *
 * <pre>
 * STORE/FORMAT           "hashify-store 2"
 * STORE/lock             the one-writer lock (see StoreLock)
 * STORE/guests           the guest roots this store has served, one a line, for status and verify
 * STORE/objects/ab/      objects, named by ObjectName
 * STORE/tmp/             names under construction; anything here is a leftover of a killed run
 * STORE/tmp/partial-*    records of trees being built outside the store (PartialTrees)
 * STORE/immutable        present when the store is in immutable use: its objects carry
 *                        FS_IMMUTABLE_FL (run --immutable); it travels with the store in backups
 * </pre>
 *
 * <p>An opened store holds directory descriptors; all changes to objects go through them.
 * A dry-run store never creates or changes anything: if the directory does not exist yet it
 * behaves as an empty store.
 */
public final class Store implements AutoCloseable {
    public static final String FORMAT_LINE = "hashify-store 2";
    /** Format 1 kept objects two levels deep (objects/ab/cd/); a writing open moves them up. */
    private static final String FORMAT_1 = "hashify-store 1";
    private static final byte[] OBJECTS = "objects".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TMP = "tmp".getBytes(StandardCharsets.US_ASCII);
    /** Directory descriptors of objects/xx kept open: all 256 where the open-file limit allows. */
    private static final int LEAF_CACHE = (int) Math.max(8, Math.min(256, (LinuxFs.openFileLimit() - 64) / 4));

    private final LinuxFs fs = LinuxFs.get();
    private final Path root;
    private final boolean readOnly;
    private final StoreLock lock;
    private final int rootFd;
    private final int objectsFd;
    private final int tmpFd;
    private final long dev;
    private final Map<String, Integer> leafFds = new LinkedHashMap<>(LEAF_CACHE, 0.75f, true);
    private final SecureRandom random = new SecureRandom();

    private Store(Path root, boolean readOnly, StoreLock lock, int rootFd, int objectsFd, int tmpFd, long dev) {
        this.root = root;
        this.readOnly = readOnly;
        this.lock = lock;
        this.rootFd = rootFd;
        this.objectsFd = objectsFd;
        this.tmpFd = tmpFd;
        this.dev = dev;
    }

    /**
     * Opens a store for a run that changes it, creating it if missing, and takes its lock.
     *
     * @param command the command line, recorded in the lock for a second run's message
     */
    public static Store openForWriting(Path root, String command) throws StoreException, IOException {
        root = root.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(root)) {
            throw new StoreException("Store " + root + " is a symbolic link; name the directory it points to.");
        }
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new StoreException("Cannot create store " + root + ": " + e.getMessage(), e);
            }
        }
        boolean legacy = checkFormat(root, true);
        StoreLock lock = StoreLock.exclusive(root, command);
        try {
            createIfMissing(root.resolve("objects"));
            createIfMissing(root.resolve("tmp"));
            if (legacy) {
                upgradeFormat1(root);
            }
            return open(root, false, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Opens a store without changing anything in it. A store that does not exist yet is empty;
     * {@link #exists()} says which. A writer at work makes this fail with {@link StoreLockedException}
     * when {@code respectLock} is set.
     */
    public static Store openReadOnly(Path root, boolean respectLock) throws StoreException, IOException {
        root = root.toAbsolutePath().normalize();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return new Store(root, true, null, -1, -1, -1, -1);
        }
        if (Files.isSymbolicLink(root)) {
            throw new StoreException("Store " + root + " is a symbolic link; name the directory it points to.");
        }
        if (checkFormat(root, false)) {
            throw new StoreException("Store " + root + " has the layout of an earlier hashify (\"" + FORMAT_1 + "\"); "
                    + "any command that writes to it converts it in a moment, e.g. 'hashify gc --store " + root + "'.");
        }
        StoreLock lock = respectLock ? StoreLock.shared(root) : null;
        try {
            return open(root, true, lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    private static Store open(Path root, boolean readOnly, StoreLock lock) throws IOException {
        LinuxFs fs = LinuxFs.get();
        int rootFd = fs.openDirectoryPath(root, "store " + root);
        int objectsFd = -1;
        int tmpFd = -1;
        try {
            long dev = fs.fstat(rootFd, "store " + root).dev();
            objectsFd = openOptional(fs, rootFd, OBJECTS, root.resolve("objects"));
            tmpFd = openOptional(fs, rootFd, TMP, root.resolve("tmp"));
            return new Store(root, readOnly, lock, rootFd, objectsFd, tmpFd, dev);
        } catch (IOException | RuntimeException e) {
            fs.close(rootFd);
            fs.close(objectsFd);
            throw e;
        }
    }

    private static int openOptional(LinuxFs fs, int dirfd, byte[] name, Path what) throws OsException {
        try {
            return fs.openDirectory(dirfd, name, what.toString());
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT) {
                return -1;
            }
            throw e;
        }
    }

    private static void createIfMissing(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " exists and is not a directory", e);
            }
        }
    }

    /** @return whether the store has format 1, to be upgraded under the lock */
    private static boolean checkFormat(Path root, boolean createIfEmpty) throws StoreException, IOException {
        LinuxFs fs = LinuxFs.get();
        int rootFd = fs.openDirectoryPath(root, "store " + root);
        try {
            byte[] format = fs.readSmallFile(rootFd, "FORMAT".getBytes(StandardCharsets.US_ASCII), 4096,
                    "store " + root + "/FORMAT");
            if (format != null) {
                String line = new String(format, StandardCharsets.UTF_8).strip();
                if (line.equals(FORMAT_1)) {
                    return true;
                }
                if (!line.equals(FORMAT_LINE)) {
                    throw new StoreException("Store " + root + " has format \"" + line + "\", this hashify knows \""
                            + FORMAT_LINE + "\". Use the hashify version that made it, or a new store directory.");
                }
                return false;
            }
            if (!fs.list(rootFd, "store " + root).isEmpty()) {
                throw new StoreException("Directory " + root + " is not a hashify store (no FORMAT file) and is not "
                        + "empty. Name an empty or new directory with --store.");
            }
        } finally {
            fs.close(rootFd);
        }
        if (createIfEmpty) {
            writeFormat(root);
        }
        return false;
    }

    private static void writeFormat(Path root) throws IOException {
        Path tmp = root.resolve("FORMAT.tmp");
        Files.writeString(tmp, FORMAT_LINE + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, root.resolve("FORMAT"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Moves every object of a format-1 store from objects/ab/cd/ up to objects/ab/, with the lock
     * held. A rename keeps the inode, so every guest link stays an object link; killed half-way,
     * FORMAT still says 1 and the next writer goes on where it stopped.
     */
    private static void upgradeFormat1(Path root) throws IOException {
        LinuxFs fs = LinuxFs.get();
        String what = "store " + root + " (moving objects to the layout of format 2)";
        int objectsFd = fs.openDirectoryPath(root.resolve("objects"), what);
        try {
            for (DirEntry l1 : fs.list(objectsFd, what)) {
                int l1Fd = openSubdirectory(fs, objectsFd, l1.name(), what);
                if (l1Fd < 0) {
                    continue;
                }
                try {
                    for (DirEntry l2 : fs.list(l1Fd, what)) {
                        if (ObjectName.parse(new String(l2.name(), StandardCharsets.ISO_8859_1)) != null) {
                            continue; // already moved
                        }
                        int l2Fd = openSubdirectory(fs, l1Fd, l2.name(), what);
                        if (l2Fd < 0) {
                            continue;
                        }
                        try {
                            for (DirEntry obj : fs.list(l2Fd, what)) {
                                if (ObjectName.parse(new String(obj.name(), StandardCharsets.ISO_8859_1)) != null) {
                                    moveUp(fs, l2Fd, l1Fd, obj.name(), what);
                                }
                            }
                        } finally {
                            fs.close(l2Fd);
                        }
                        try {
                            fs.rmdir(l1Fd, l2.name(), what);
                        } catch (OsException e) {
                            if (e.errno() != Errno.ENOTEMPTY && e.errno() != Errno.EEXIST) {
                                throw e;
                            }
                        }
                    }
                } finally {
                    fs.close(l1Fd);
                }
            }
        } finally {
            fs.close(objectsFd);
        }
        writeFormat(root);
    }

    /** Opens a subdirectory; -1 when the entry is not one (a file, a symbolic link): not the store's. */
    private static int openSubdirectory(LinuxFs fs, int dirFd, byte[] name, String what) throws OsException {
        try {
            return fs.openDirectory(dirFd, name, what);
        } catch (OsException e) {
            if (e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) {
                return -1;
            }
            throw e;
        }
    }

    /** Renames an object one directory up; a frozen one (FS_IMMUTABLE_FL) is thawed for the moment. */
    private static void moveUp(LinuxFs fs, int fromFd, int toFd, byte[] name, String what) throws OsException {
        thawingIfRefused(fs, fromFd, name, what,
                () -> fs.rename(fromFd, name, toFd, name, LinuxFs.RENAME_NOREPLACE, what));
    }

    public Path root() {
        return root;
    }

    /** The link limit of the store's filesystem as far as the C library knows it (see LinuxFs#linkMax). */
    public long linkMax() {
        return objectsFd < 0 ? Long.MAX_VALUE : fs.linkMax(objectsFd);
    }

    /** Whether the store directory exists; a dry run over a new store sees an empty one. */
    public boolean exists() {
        return rootFd >= 0;
    }

    /** The device the store lives on; guests must share it. -1 for a store that does not exist yet. */
    public long device() {
        return dev;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** Every object, read from the objects directories. */
    public List<StoredObject> listObjects() throws IOException {
        List<StoredObject> result = new ArrayList<>();
        eachObjectEntry((dirFd, entry, name) -> {
            FileStat st = statEntry(dirFd, entry, name);
            if (st != null && st.isRegular()) {
                result.add(new StoredObject(name, st));
            }
        });
        return result;
    }

    private interface ObjectEntryVisitor {
        void visit(int dirFd, DirEntry entry, ObjectName name) throws IOException;
    }

    /** Each entry of the objects directories named like an object, in the directory its name says. */
    private void eachObjectEntry(ObjectEntryVisitor visitor) throws IOException {
        if (objectsFd < 0) {
            return;
        }
        eachObjectEntry(fs.list(objectsFd, root + "/objects"), visitor);
    }

    /** As above, in the given entries of {@code objects/} only. */
    private void eachObjectEntry(List<DirEntry> dirs, ObjectEntryVisitor visitor) throws IOException {
        for (DirEntry dir : dirs) {
            String dirName = new String(dir.name(), StandardCharsets.ISO_8859_1);
            int dirFd = openSubdirectory(fs, objectsFd, dir.name(), root + "/objects/" + dirName);
            if (dirFd < 0) {
                continue;
            }
            try {
                for (DirEntry obj : fs.list(dirFd, root + "/objects/" + dirName)) {
                    ObjectName name = ObjectName.parse(new String(obj.name(), StandardCharsets.ISO_8859_1));
                    if (name != null && dirName.length() == 2 && name.contentHex().startsWith(dirName)) {
                        visitor.visit(dirFd, obj, name);
                    }
                }
            } finally {
                fs.close(dirFd);
            }
        }
    }

    /** The stat of an object's entry; null when it vanished since the listing. */
    private FileStat statEntry(int dirFd, DirEntry entry, ObjectName name) throws OsException {
        try {
            return fs.stat(dirFd, entry.name(), root + "/" + name.relativePath());
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** An object with the stat it had when listed. */
    public record StoredObject(ObjectName name, FileStat stat) {
        public ObjectRef ref() {
            return new ObjectRef(name, stat.ino());
        }
    }

    /**
     * An index of the store's objects by inode and by name. Where the filesystem's directory entries
     * carry the files' own inode numbers (see {@link LinuxFs#directoryInodesMatch}), it is read from
     * the listing alone, without a stat per object: on a re-run that is most of the store's share
     * of the time. Elsewhere, and for an entry whose type the listing does not give, each is stat'ed.
     */
    public ObjectIndex index() throws IOException {
        ObjectIndex index = new ObjectIndex();
        if (objectsFd < 0) {
            return index;
        }
        boolean listingSuffices = fs.directoryInodesMatch(objectsFd);
        ObjectEntryVisitor add = (dirFd, entry, name) -> {
            if (listingSuffices && entry.type() == DirEntry.DT_REG) {
                index.add(new ObjectRef(name, entry.ino()));
                return;
            }
            FileStat st = statEntry(dirFd, entry, name);
            if (st != null && st.isRegular()) {
                index.add(new ObjectRef(name, st.ino()));
            }
        };
        // Two threads, each half of the 256 directories: a run over unchanged guests waits for this.
        List<DirEntry> dirs = fs.list(objectsFd, root + "/objects");
        List<DirEntry> half = dirs.subList(0, dirs.size() / 2);
        java.util.concurrent.CompletableFuture<Void> other = new java.util.concurrent.CompletableFuture<>();
        Thread helper = new Thread(() -> {
            try {
                eachObjectEntry(half, add);
                other.complete(null);
            } catch (Throwable e) { // handed to the caller, whatever it is: it waits for this
                other.completeExceptionally(e);
            }
        }, "hashify-index");
        helper.setDaemon(true);
        helper.start();
        eachObjectEntry(dirs.subList(dirs.size() / 2, dirs.size()), add);
        try {
            other.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the store's objects", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("reading the store's objects failed: " + e.getCause(), e.getCause());
        }
        return index;
    }

    /** Stats an object by name; null when it does not exist. */
    public FileStat statObject(ObjectName name) throws IOException {
        int leaf = leaf(name, false);
        if (leaf < 0) {
            return null;
        }
        try {
            return fs.stat(leaf, name.fileNameBytes(), describe(name));
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** Opens an object for reading (hashing, comparing xattrs). */
    public int openObject(ObjectName name) throws IOException {
        int leaf = leaf(name, false);
        if (leaf < 0) {
            throw new OsException("openat", Errno.ENOENT, describe(name));
        }
        return fs.openForReading(leaf, name.fileNameBytes(), describe(name));
    }

    /** The directory descriptor holding an object, for linking it into a guest; -1 if missing. */
    public int objectDirectory(ObjectName name) throws IOException {
        return leaf(name, false);
    }

    /**
     * Makes the open file {@code fd} the object {@code name}: linked first under a temporary name in
     * {@code tmp/}, then renamed into place without replacing anything, so the object appears whole
     * or not at all.
     *
     * @throws OsException with EEXIST when the object already exists
     */
    public void adopt(int fd, ObjectName name) throws IOException {
        requireWritable();
        try {
            adoptLinked(fd, name);
        } catch (OsException e) {
            int flags = e.errno() == Errno.EPERM ? flagsOrZero(fd, describe(name)) : 0;
            if ((flags & LinuxFs.FS_IMMUTABLE_FL) == 0) {
                throw e;
            }
            // A frozen inode takes no new name and none of its names may be renamed: thaw it for both.
            fs.setFlags(fd, flags & ~LinuxFs.FS_IMMUTABLE_FL, describe(name));
            try {
                adoptLinked(fd, name);
            } finally {
                fs.setFlags(fd, flags, describe(name));
            }
        }
    }

    private int flagsOrZero(int fd, String what) {
        try {
            return fs.flags(fd, what);
        } catch (OsException e) {
            return 0; // a filesystem without inode flags has no frozen files either
        }
    }

    private void adoptLinked(int fd, ObjectName name) throws IOException {
        int leaf = leaf(name, true);
        byte[] tmpName = tempName();
        fs.linkOpenFile(fd, tmpFd, tmpName, "store temp " + root + "/tmp/" + new String(tmpName, StandardCharsets.US_ASCII));
        try {
            fs.rename(tmpFd, tmpName, leaf, name.fileNameBytes(), LinuxFs.RENAME_NOREPLACE, describe(name));
        } catch (IOException | RuntimeException e) {
            try {
                fs.unlink(tmpFd, tmpName, "store temp");
            } catch (OsException ignored) {
                // the temp name is reported by the next gc if it stays
            }
            throw e;
        }
    }

    /**
     * Removes an object's store name (gc); the inode lives on while guests link it. A frozen object
     * is thawed for the unlink, and frozen again if guests still link it.
     */
    public void removeObject(ObjectName name) throws IOException {
        requireWritable();
        int leaf = leaf(name, false);
        if (leaf >= 0) {
            unlinkThawing(leaf, name.fileNameBytes(), describe(name));
        }
    }

    /** Names left in {@code tmp/} by a run that was killed, except the records of {@link PartialTrees}. */
    public List<String> leftovers() throws IOException {
        if (tmpFd < 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (DirEntry e : fs.list(tmpFd, root + "/tmp")) {
            String name = new String(e.name(), StandardCharsets.ISO_8859_1);
            if (!name.startsWith(PartialTrees.PREFIX)) { // those lead to trees outside: see PartialTrees
                names.add(name);
            }
        }
        for (byte[] dir : List.of(REFS, WALKS)) {
            String dirName = new String(dir, StandardCharsets.US_ASCII);
            for (String name : sideTemps(dir)) {
                names.add(dirName + "/" + name);
            }
        }
        Collections.sort(names);
        return names;
    }

    /** Whether a name in refs/ or walks/ is a temporary name of {@link #writeSideFile}. */
    private static boolean isSideTemp(String name) {
        return name.startsWith(".") && name.contains(SIDE_TEMP);
    }

    /** Temporary names {@link #writeSideFile} leaves when killed between writing and renaming. */
    private List<String> sideTemps(byte[] dirName) throws IOException {
        int dir;
        try {
            dir = fs.openDirectory(rootFd, dirName, root + "/" + new String(dirName, StandardCharsets.US_ASCII));
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT) {
                return List.of();
            }
            throw e;
        }
        try {
            List<String> temps = new ArrayList<>();
            for (DirEntry e : fs.list(dir, root + "/" + new String(dirName, StandardCharsets.US_ASCII))) {
                String name = new String(e.name(), StandardCharsets.ISO_8859_1);
                if (isSideTemp(name)) {
                    temps.add(name);
                }
            }
            return temps;
        } finally {
            fs.close(dir);
        }
    }

    List<DirEntry> tmpEntries() throws OsException {
        return tmpFd < 0 ? List.of() : fs.list(tmpFd, root + "/tmp");
    }

    /** Writes a small durable record file into {@code tmp/} under a new name starting with {@code prefix}. */
    String writeTmpRecord(String prefix, byte[] content) throws IOException {
        requireWritable();
        if (tmpFd < 0) {
            throw new OsException("openat", Errno.ENOENT, root + "/tmp");
        }
        String name = prefix + new String(tempName(), StandardCharsets.US_ASCII);
        String what = root + "/tmp/" + name;
        int fd = fs.createExclusive(tmpFd, name.getBytes(StandardCharsets.US_ASCII), 0600, what);
        try {
            fs.writeFully(fd, content, content.length, what);
            fs.fsync(fd, what);
        } finally {
            fs.close(fd);
        }
        return name;
    }

    byte[] readTmpRecord(String name) throws OsException {
        try {
            return fs.readSmallFile(tmpFd, name.getBytes(StandardCharsets.ISO_8859_1), 64 * 1024, root + "/tmp/" + name);
        } catch (OsException e) {
            if (e.errno() == Errno.EINVAL) {
                return null; // not a small regular file: not a record hashify wrote
            }
            throw e;
        }
    }

    void removeTmpRecord(String name) throws IOException {
        requireWritable();
        try {
            fs.unlink(tmpFd, name.getBytes(StandardCharsets.ISO_8859_1), root + "/tmp/" + name);
        } catch (OsException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    /**
     * Removes a leftover of {@link #leftovers()}: a temp name in {@code tmp/} is only ever a second
     * link; one in {@code refs/} or {@code walks/} a record never renamed into place.
     */
    public void removeLeftover(String name) throws IOException {
        requireWritable();
        int slash = name.indexOf('/');
        if (slash < 0) {
            unlinkThawing(tmpFd, name.getBytes(StandardCharsets.ISO_8859_1), root + "/tmp/" + name);
            return;
        }
        byte[] dirName = name.substring(0, slash).getBytes(StandardCharsets.US_ASCII);
        String fileName = name.substring(slash + 1);
        boolean sideDir = java.util.Arrays.equals(dirName, REFS) || java.util.Arrays.equals(dirName, WALKS);
        if (!sideDir || !isSideTemp(fileName)) {
            throw new IllegalArgumentException("not a leftover of this store: " + name);
        }
        byte[] file = fileName.getBytes(StandardCharsets.ISO_8859_1);
        int dir = fs.openDirectory(rootFd, dirName, root + "/" + name.substring(0, slash));
        try {
            fs.unlink(dir, file, root + "/" + name);
        } finally {
            fs.close(dir);
        }
    }

    /**
     * Unlinks a name whose inode may carry FS_IMMUTABLE_FL, which forbids it: the flag is cleared
     * for the unlink and set again when other names keep the inode alive.
     */
    private void unlinkThawing(int dirFd, byte[] name, String what) throws OsException {
        thawingIfRefused(fs, dirFd, name, what, () -> fs.unlink(dirFd, name, what));
    }

    /** A change to a name that FS_IMMUTABLE_FL on its inode forbids: an unlink, a rename. */
    private interface NameChange {
        void run() throws OsException;
    }

    /**
     * Makes {@code change} to the entry {@code name}; refused with EPERM because its inode is frozen,
     * the flag is cleared for the moment of the change and set again if the inode still has a name.
     */
    private static void thawingIfRefused(LinuxFs fs, int dirFd, byte[] name, String what, NameChange change)
            throws OsException {
        try {
            change.run();
            return;
        } catch (OsException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
        }
        int fd = fs.openForReading(dirFd, name, what);
        try {
            int flags = fs.flags(fd, what);
            if ((flags & LinuxFs.FS_IMMUTABLE_FL) == 0) {
                throw new OsException("unlinkat/renameat2", Errno.EPERM, what);
            }
            fs.setFlags(fd, flags & ~LinuxFs.FS_IMMUTABLE_FL, what);
            try {
                change.run();
            } finally {
                if (fs.fstat(fd, what).nlink() > 0) {
                    fs.setFlags(fd, flags, what);
                }
            }
        } finally {
            fs.close(fd);
        }
    }

    private static final String IMMUTABLE_MARKER = "immutable";

    /**
     * Whether the store is in immutable use ({@code STORE/immutable} exists): runs freeze the objects
     * they link, and package operations thaw a guest's objects first and freeze them after.
     */
    public boolean immutable() {
        return exists() && Files.exists(root.resolve(IMMUTABLE_MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    /** Puts the store in immutable use, or takes it out of it; the flags themselves are the Freezer's work. */
    public void immutable(boolean on) throws IOException {
        requireWritable();
        Path marker = root.resolve(IMMUTABLE_MARKER);
        if (!on) {
            Files.deleteIfExists(marker);
        } else if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            Path tmp = root.resolve(IMMUTABLE_MARKER + ".tmp");
            Files.writeString(tmp, "Objects of this store carry the immutable flag (FS_IMMUTABLE_FL); after restoring "
                    + "it from a backup, run 'hashify restore-flags --store " + root + "'.\n", StandardCharsets.UTF_8);
            Files.move(tmp, marker, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes object directories left empty (after gc). */
    public int pruneEmptyDirectories() throws IOException {
        requireWritable();
        int removed = 0;
        synchronized (leafFds) {
            leafFds.values().forEach(fs::close);
            leafFds.clear();
        }
        for (DirEntry dir : fs.list(objectsFd, root + "/objects")) {
            try {
                fs.rmdir(objectsFd, dir.name(), "store directory");
                removed++;
            } catch (OsException e) {
                if (e.errno() != Errno.ENOTEMPTY && e.errno() != Errno.EEXIST && e.errno() != Errno.ENOTDIR) {
                    throw e;
                }
            }
        }
        return removed;
    }

    private static final byte[] REFS = "refs".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WALKS = "walks".getBytes(StandardCharsets.US_ASCII);
    /** In the temporary name of a record being written: {@code .NAME.tmp-PID}. */
    private static final String SIDE_TEMP = ".tmp-";

    /** A dedupe record file (see DedupeRefs); null when absent. */
    byte[] readRefs(String name) throws IOException {
        return readSideFile(REFS, name);
    }

    /** Replaces a dedupe record file: written under a temporary name, then renamed over the old one. */
    void writeRefs(String name, byte[] content) throws IOException {
        writeSideFile(REFS, name, content);
    }

    /** The walk record of a guest (see WalkRecord), in {@code walks/}; null when there is none. */
    public byte[] readWalkRecord(Path guestRoot) throws IOException {
        return readSideFile(WALKS, guestKey(guestRoot) + ".walk");
    }

    /** Replaces the walk record of a guest. */
    public void writeWalkRecord(Path guestRoot, byte[] content) throws IOException {
        writeSideFile(WALKS, guestKey(guestRoot) + ".walk", content);
    }

    /** A file name for records about one guest: 16 hex digits of the SHA-256 of its root's path. */
    static String guestKey(Path guestRoot) {
        byte[] h = org.hashify.kernel.os.Sha256.ofSmall(guestRoot.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 8);
    }

    private byte[] readSideFile(byte[] dirName, String name) throws IOException {
        if (!exists()) {
            return null;
        }
        String dirPath = root + "/" + new String(dirName, StandardCharsets.US_ASCII);
        int dir;
        try {
            dir = fs.openDirectory(rootFd, dirName, dirPath);
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
        try {
            return fs.readSmallFile(dir, name.getBytes(StandardCharsets.US_ASCII), 1 << 30, dirPath + "/" + name);
        } finally {
            fs.close(dir);
        }
    }

    private void writeSideFile(byte[] dirName, String name, byte[] content) throws IOException {
        requireWritable();
        String dirPath = root + "/" + new String(dirName, StandardCharsets.US_ASCII);
        fs.mkdir(rootFd, dirName, 0700, dirPath);
        int dir = fs.openDirectory(rootFd, dirName, dirPath);
        try {
            byte[] tmp = ("." + name + SIDE_TEMP + ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            try {
                fs.unlink(dir, tmp, "stale temp");
            } catch (OsException e) {
                // usually absent
            }
            int fd = fs.createExclusive(dir, tmp, 0600, dirPath + "/" + name);
            try {
                fs.writeFully(fd, content, content.length, dirPath + "/" + name);
                fs.fsync(fd, dirPath + "/" + name);
            } finally {
                fs.close(fd);
            }
            fs.rename(dir, tmp, dir, name.getBytes(StandardCharsets.US_ASCII), 0, dirPath + "/" + name);
        } finally {
            fs.close(dir);
        }
    }

    /**
     * Makes a new object whose extents are shared with the open file {@code srcFd} (FICLONE): the
     * guest file keeps its own inode. The clone is made without a name (O_TMPFILE) and then linked
     * into place, so the object appears whole or not at all, and a run killed meanwhile leaves
     * nothing; where the filesystem has no O_TMPFILE, under a temporary name in tmp/, then renamed.
     *
     * @return the new object's stat
     * @throws OsException with EEXIST when the object already exists
     */
    public FileStat cloneObject(int srcFd, ObjectName name) throws IOException {
        requireWritable();
        int leaf = leaf(name, true);
        int fd;
        try {
            fd = fs.createUnnamed(leaf, 0400, describe(name));
        } catch (OsException e) {
            if (e.errno() != Errno.EOPNOTSUPP && e.errno() != Errno.EISDIR) {
                throw e;
            }
            return cloneObjectNamed(srcFd, leaf, name);
        }
        try {
            fs.cloneFile(fd, srcFd, describe(name));
            FileStat made = fs.fstat(fd, describe(name));
            fs.linkOpenFile(fd, leaf, name.fileNameBytes(), describe(name));
            return made;
        } finally {
            fs.close(fd);
        }
    }

    private FileStat cloneObjectNamed(int srcFd, int leaf, ObjectName name) throws IOException {
        byte[] tmpName = tempName();
        String what = "store temp " + root + "/tmp/" + new String(tmpName, StandardCharsets.US_ASCII);
        int fd = fs.createExclusive(tmpFd, tmpName, 0400, what);
        try {
            fs.cloneFile(fd, srcFd, what);
            FileStat made = fs.fstat(fd, what);
            fs.rename(tmpFd, tmpName, leaf, name.fileNameBytes(), LinuxFs.RENAME_NOREPLACE, describe(name));
            return made;
        } catch (IOException | RuntimeException e) {
            try {
                fs.unlink(tmpFd, tmpName, what);
            } catch (OsException ignored) {
                // a leftover in tmp/ is removed by gc
            }
            throw e;
        } finally {
            fs.close(fd);
        }
    }

    /** Whether the store's filesystem can share extents (FICLONE), probed with two empty-ish temp files. */
    public boolean supportsReflink() throws IOException {
        if (tmpFd < 0) {
            return false;
        }
        byte[] a = tempName();
        byte[] b = tempName();
        int fa = -1;
        int fb = -1;
        try {
            int w = fs.createExclusive(tmpFd, a, 0600, "reflink probe");
            try {
                fs.writeFully(w, new byte[] {'x'}, 1, "reflink probe");
            } finally {
                fs.close(w);
            }
            fa = fs.openForReading(tmpFd, a, "reflink probe"); // FICLONE reads its source
            fb = fs.createExclusive(tmpFd, b, 0600, "reflink probe");
            fs.cloneFile(fb, fa, "reflink probe");
            return true;
        } catch (OsException e) {
            return false;
        } finally {
            fs.close(fa);
            fs.close(fb);
            for (byte[] n : new byte[][] {a, b}) {
                try {
                    fs.unlink(tmpFd, n, "reflink probe");
                } catch (OsException ignored) {
                    // b may not exist
                }
            }
        }
    }

    /** The guest roots recorded by earlier runs, in the order first seen. */
    public List<Path> registeredGuests() throws IOException {
        if (!exists()) {
            return List.of();
        }
        byte[] text = fs.readSmallFile(rootFd, "guests".getBytes(StandardCharsets.US_ASCII), 16 << 20,
                "store " + root + "/guests");
        if (text == null) {
            return List.of();
        }
        List<Path> guests = new ArrayList<>();
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && line.startsWith("/")) {
                guests.add(Path.of(line));
            }
        }
        return guests;
    }

    /** Records guest roots (absolute), keeping earlier ones; replaced atomically. */
    public void registerGuests(Collection<Path> roots) throws IOException {
        requireWritable();
        List<Path> all = new ArrayList<>(registeredGuests());
        boolean changed = false;
        for (Path p : roots) {
            Path abs = p.toAbsolutePath().normalize();
            if (!all.contains(abs)) {
                all.add(abs);
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (Path p : all) {
            text.append(p).append('\n');
        }
        Path tmp = root.resolve("guests.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, root.resolve("guests"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Whether several threads may work on objects at once: true when the descriptor of every object
     * directory stays open for the store's life. Where the open-file limit is too low for that, one
     * thread's lookup could close a descriptor that another is using.
     */
    public boolean concurrentUse() {
        return LEAF_CACHE >= 256;
    }

    private int leaf(ObjectName name, boolean create) throws IOException {
        if (objectsFd < 0) {
            return -1;
        }
        String key = name.directory();
        synchronized (leafFds) {
            Integer cached = leafFds.get(key);
            if (cached != null) {
                return cached;
            }
            byte[] dir = key.getBytes(StandardCharsets.US_ASCII);
            if (create) {
                fs.mkdir(objectsFd, dir, 0700, root + "/objects/" + key);
            }
            int fd;
            try {
                fd = fs.openDirectory(objectsFd, dir, root + "/objects/" + key);
            } catch (OsException e) {
                if (e.errno() == Errno.ENOENT && !create) {
                    return -1;
                }
                throw e;
            }
            leafFds.put(key, fd);
            if (leafFds.size() > LEAF_CACHE) {
                var eldest = leafFds.entrySet().iterator().next();
                fs.close(eldest.getValue());
                leafFds.remove(eldest.getKey());
            }
            return fd;
        }
    }

    private byte[] tempName() {
        byte[] r = new byte[8];
        random.nextBytes(r);
        return ("new-" + HexFormat.of().formatHex(r)).getBytes(StandardCharsets.US_ASCII);
    }

    private void requireWritable() {
        if (readOnly) {
            throw new IllegalStateException("store " + root + " was opened read-only");
        }
    }

    public String describe(ObjectName name) {
        return root + "/" + name.relativePath();
    }

    @Override
    public void close() throws IOException {
        synchronized (leafFds) {
            leafFds.values().forEach(fs::close);
            leafFds.clear();
        }
        fs.close(tmpFd);
        fs.close(objectsFd);
        fs.close(rootFd);
        if (lock != null) {
            lock.close();
        }
    }
}
