package org.hashify.kernel.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.hashify.kernel.engine.GuestSpec;
import org.hashify.kernel.engine.Mode;
import org.hashify.kernel.os.Errno;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.os.PathBytes;
import org.hashify.kernel.os.TreeRemover;
import org.hashify.kernel.store.DedupeRefs;
import org.hashify.kernel.store.ObjectIndex;
import org.hashify.kernel.store.PartialTrees;
import org.hashify.kernel.store.Store;

/**
 * Makes a new guest from an existing one (util-vserver's {@code build -m clone}, done right): the
 * files the source shares with the store are linked to the store's objects (hardlink mode) or
 * cloned with {@code FICLONE} (dedupe mode); everything else is cloned where the filesystem can
 * share extents and copied where it cannot, with owner, mode, nanosecond times, every extended
 * attribute, device nodes, FIFOs, symbolic links and hard-link groups. Excluded directories are
 * recreated whole, never linked.
 *
 * <p>The new tree is built under a hidden temporary name beside NEW_ROOT and renamed into place at
 * the end, so NEW_ROOT appears complete or not at all; a clone that fails is removed. The store's
 * lock must be held: objects must not be collected while being linked.
 */
public final class Cloner {
    /**
     * @param mode {@code hardlink}: objects linked, the rest copied; {@code dedupe}: every regular
     *     file cloned with FICLONE, refused where the filesystem cannot; {@code auto}: objects linked,
     *     the rest cloned where the filesystem can and copied where it cannot
     * @param resetIdentity empty /etc/machine-id and write a new /etc/hostname
     * @param hostname the new hostname; null means the new root's directory name
     */
    public record Options(Mode mode, boolean resetIdentity, String hostname) {
        public Options {
            java.util.Objects.requireNonNull(mode, "mode");
            if (hostname != null && !isValidHostname(hostname)) {
                throw new IllegalArgumentException("\"" + hostname + "\" is not a valid hostname: letters, digits and "
                        + "hyphens, dot-separated labels of at most 63 characters");
            }
        }
    }

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /** RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens. */
    public static boolean isValidHostname(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private final LinuxFs fs = LinuxFs.get();
    private final Store store;
    private final Options options;

    public Cloner(Store store, Options options) {
        this.store = store;
        this.options = options;
    }

    /**
     * Clones {@code source} to {@code newRoot}, which must not exist and whose parent must lie on
     * the store's filesystem, and records the new root in the store's guest list.
     *
     * @throws CloneException when the clone cannot start; nothing was created
     * @throws IOException when it failed on the way (a full disk); the partial clone was removed
     */
    public CloneReport clone(GuestSpec source, Path newRoot) throws CloneException, IOException {
        long start = System.nanoTime();
        Path target = newRoot.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new CloneException("NEW_ROOT cannot be the host's root directory.");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new CloneException(target + " already exists; name a new directory, the clone creates it.");
        }
        if (!Files.isDirectory(parent)) {
            throw new CloneException("The parent directory " + parent + " of the new guest does not exist; create it "
                    + "first (on the store's filesystem).");
        }
        String hostname = null;
        if (options.resetIdentity()) {
            hostname = options.hostname() != null ? options.hostname() : target.getFileName().toString();
            if (!isValidHostname(hostname)) {
                throw new CloneException("The new root's name \"" + hostname + "\" is not a valid hostname; give one "
                        + "with --hostname.");
            }
        }
        if (!store.exists()) {
            throw new CloneException("There is no store at " + store.root() + "; hashify the source first.");
        }
        Path realTarget = parent.toRealPath().resolve(target.getFileName());
        Path realSource = source.root().toRealPath();
        Path realStore = store.root().toRealPath();
        if (realTarget.startsWith(realSource)) {
            throw new CloneException(target + " lies inside the source guest " + source.root() + "; put the clone "
                    + "beside it.");
        }
        if (realTarget.startsWith(realStore)) {
            throw new CloneException(target + " lies inside the store " + store.root() + "; put the clone beside "
                    + "the guests.");
        }
        int parentFd = fs.openDirectoryPath(realTarget.getParent(), "directory " + parent);
        try {
            if (fs.fstat(parentFd, "directory " + parent).dev() != store.device()) {
                throw new CloneException(target + " is on another filesystem than the store " + store.root()
                        + "; a clone links the store's objects, so it must be made on the store's filesystem.");
            }
            int srcFd = openSource(source);
            try {
                return build(source, target, realTarget.getParent(), parentFd, srcFd, hostname, start);
            } finally {
                fs.close(srcFd);
            }
        } finally {
            fs.close(parentFd);
        }
    }

    private int openSource(GuestSpec source) throws CloneException, OsException {
        try {
            return fs.openDirectoryPath(source.root(), "guest " + source.name() + ": root " + source.root());
        } catch (OsException e) {
            if (e.errno() == Errno.ELOOP) {
                throw new CloneException("Guest root " + source.root() + " is a symbolic link; name the directory "
                        + "itself.");
            }
            throw e;
        }
    }

    private CloneReport build(GuestSpec source, Path target, Path realParent, int parentFd, int srcFd, String hostname,
            long start)
            throws CloneException, IOException {
        byte[] finalName = last(PathBytes.of(target));
        byte[] tmpName = tempName(target);
        String tmpWhat = "clone " + target + " (being built as " + new String(tmpName, StandardCharsets.ISO_8859_1) + ")";
        // Recorded first: a clone killed from here on leaves a record gc follows to remove the partial tree.
        String record = PartialTrees.record(store, realParent, parentFd, tmpName);
        boolean placed = false;
        try {
            fs.mkdir(parentFd, tmpName, 0700, tmpWhat);
            CloneTally tally = new CloneTally(source.name(), target.toString());
            int dstFd = fs.openDirectory(parentFd, tmpName, tmpWhat);
            CompletableFuture<ObjectIndex> index = null;
            try {
                // Inherited default ACLs would otherwise pass to every entry made before the root's own are set.
                removeAcl(dstFd, "system.posix_acl_default", tmpWhat);
                removeAcl(dstFd, "system.posix_acl_access", tmpWhat);
                boolean reflink = options.mode() != Mode.HARDLINK && reflinkWorks(dstFd, tmpWhat);
                if (options.mode() == Mode.DEDUPE && !reflink) {
                    throw new CloneException("The filesystem of " + target + " cannot share extents (FICLONE); "
                            + "--mode dedupe needs btrfs or XFS with reflink. Use --mode hardlink or auto.");
                }
                boolean linkObjects = options.mode() != Mode.DEDUPE;
                FileCloner.Settings settings = new FileCloner.Settings(store, linkObjects, reflink, hostname,
                        DedupeRefs.read(store, source.root()));
                // Reading the store's index takes as long as mirroring the directory tree: both at once. The
                // store is left to that thread until the walk joins it.
                index = linkObjects ? readIndex() : CompletableFuture.completedFuture(new ObjectIndex());
                new CloneWalk(source.excludes(), settings, index, tally).run(srcFd, dstFd);
            } finally {
                fs.close(dstFd);
                if (index != null) {
                    awaitQuietly(index); // its thread uses the store's descriptors: never close them under it
                }
            }
            try {
                fs.rename(parentFd, tmpName, parentFd, finalName, LinuxFs.RENAME_NOREPLACE, "clone " + target);
            } catch (OsException e) {
                if (e.errno() == Errno.EEXIST) {
                    throw new CloneException(target + " was created by someone else while the clone was made; the "
                            + "clone was removed.");
                }
                throw e;
            }
            placed = true;
            try {
                PartialTrees.forget(store, record);
                store.registerGuests(List.of(target));
                if (!tally.newRefs.isEmpty()) {
                    DedupeRefs.write(store, target, tally.newRefs);
                }
            } catch (IOException e) {
                tally.problems.add("Cannot record the new guest in store " + store.root() + ": " + e.getMessage()
                        + "; 'hashify run " + target + "' records it");
            }
            return new CloneReport(source.name(), source.root().toString(), target.toString(), options.mode().id(),
                    tally.reflink, tally.linked, tally.linkedBytes, tally.cloned, tally.clonedBytes, tally.copied,
                    tally.copiedBytes, tally.hardLinks, tally.directories, tally.symlinks, tally.devices, tally.sockets,
                    tally.identity, (System.nanoTime() - start) / 1_000_000, tally.notes, tally.problems);
        } finally {
            if (!placed && removeQuietly(parentFd, tmpName, tmpWhat)) {
                forgetQuietly(record);
            }
        }
    }

    private CompletableFuture<ObjectIndex> readIndex() {
        CompletableFuture<ObjectIndex> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(store.index());
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e instanceof IOException io ? new java.io.UncheckedIOException(io) : e);
            }
        }, "hashify-clone-index");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static void awaitQuietly(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (RuntimeException e) {
            // reported by the walk, which joined it first
        }
    }

    private void removeAcl(int fd, String name, String what) throws OsException {
        try {
            fs.removeXattr(fd, name, what);
        } catch (OsException e) {
            if (e.errno() != Errno.EOPNOTSUPP) {
                throw e;
            }
        }
    }

    /** Tries FICLONE between two scratch files in the new tree; the answer holds for its whole filesystem. */
    private boolean reflinkWorks(int dirFd, String what) throws OsException {
        byte[] a = ".hashify-probe-a".getBytes(StandardCharsets.US_ASCII);
        byte[] b = ".hashify-probe-b".getBytes(StandardCharsets.US_ASCII);
        int fa = fs.createExclusive(dirFd, a, 0600, what);
        try {
            fs.writeFully(fa, new byte[4096], 4096, what); // a whole block: btrfs keeps tiny files inline
            int fb = fs.createExclusive(dirFd, b, 0600, what);
            try {
                int ra = fs.openForReading(dirFd, a, what);
                try {
                    fs.cloneFile(fb, ra, what);
                    return true;
                } catch (OsException e) {
                    return false;
                } finally {
                    fs.close(ra);
                }
            } finally {
                fs.close(fb);
                fs.unlink(dirFd, b, what);
            }
        } finally {
            fs.close(fa);
            fs.unlink(dirFd, a, what);
        }
    }

    /** Removes the partial tree; false when some of it is left (gc retries from the record). */
    private boolean removeQuietly(int parentFd, byte[] name, String what) {
        try {
            new TreeRemover().remove(parentFd, name, what);
            return true;
        } catch (OsException e) {
            if (e.errno() == Errno.ENOENT) {
                return true; // never made: mkdir failed
            }
            // The message of the failure that brought us here matters more; the name says what it is.
            return false;
        }
    }

    private void forgetQuietly(String record) {
        try {
            PartialTrees.forget(store, record);
        } catch (IOException e) {
            // gc drops a record whose tree is absent
        }
    }

    private static byte[] tempName(Path target) {
        byte[] r = new byte[6];
        new SecureRandom().nextBytes(r);
        byte[] base = last(PathBytes.of(target));
        byte[] suffix = (".hashify-clone-" + HexFormat.of().formatHex(r)).getBytes(StandardCharsets.US_ASCII);
        int keep = Math.min(base.length, 200);
        byte[] out = new byte[1 + keep + suffix.length];
        out[0] = '.';
        System.arraycopy(base, 0, out, 1, keep);
        System.arraycopy(suffix, 0, out, 1 + keep, suffix.length);
        return out;
    }

    private static byte[] last(byte[] path) {
        int slash = path.length - 1;
        while (slash >= 0 && path[slash] != '/') {
            slash--;
        }
        return java.util.Arrays.copyOfRange(path, slash + 1, path.length);
    }
}
