package org.hashify.kernel.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.store.Identity;
import org.hashify.kernel.store.ObjectName;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.walk.FileEntry;
import org.hashify.kernel.walk.GuestPaths;

/**
 * Re-hashes every object and checks its metadata against its name. An object that no longer
 * matches (someone wrote into a shared file) is reported with the guest paths that hold it.
 */
public final class Verifier {
    /** One object that does not match its name, and who holds it. */
    public record BadObject(String object, String problem, List<String> guestPaths) {
    }

    public record Result(long objectsChecked, long bytesChecked, List<BadObject> bad, List<String> problems) {
        public boolean clean() {
            return bad.isEmpty() && problems.isEmpty();
        }
    }

    private Verifier() {
    }

    public static Result verify(Store store, int threads) throws IOException {
        List<Store.StoredObject> objects = store.listObjects();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> checks = new ArrayList<>();
        ThreadLocal<ContentHasher> hashers = ThreadLocal.withInitial(ContentHasher::new);
        for (Store.StoredObject o : objects) {
            checks.add(pool.submit(() -> check(store, o, hashers.get())));
        }
        Map<Long, BadObjectBuilder> bad = new HashMap<>();
        List<String> problems = new ArrayList<>();
        long bytes = 0;
        try {
            for (int i = 0; i < objects.size(); i++) {
                Store.StoredObject o = objects.get(i);
                String problem;
                try {
                    problem = checks.get(i).get();
                } catch (ExecutionException e) {
                    problem = "cannot be checked: " + e.getCause().getMessage();
                }
                bytes += o.stat().size();
                if (problem != null) {
                    bad.put(o.stat().ino(), new BadObjectBuilder(store.describe(o.name()), problem));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("verify interrupted", e);
        } finally {
            pool.shutdown();
        }
        if (!bad.isEmpty()) {
            Map<org.hashify.kernel.store.ObjectName, Long> badByName = new HashMap<>();
            for (Store.StoredObject o : objects) {
                if (bad.containsKey(o.stat().ino())) {
                    badByName.put(o.name(), o.stat().ino());
                }
            }
            for (Path root : store.registeredGuests()) {
                for (org.hashify.kernel.store.DedupeRecord r : org.hashify.kernel.store.DedupeRefs.read(store, root).values()) {
                    Long ino = badByName.get(r.object());
                    if (ino != null) {
                        bad.get(ino).paths.add(root + GuestPaths.display(r.rawPath()));
                    }
                }
                try {
                    GuestScan.Result scan = GuestScan.scan(root.toString(), root, bad::containsKey);
                    if (scan.dev() != store.device()) {
                        continue;
                    }
                    for (FileEntry e : scan.objectLinks()) {
                        bad.get(e.stat().ino()).paths.add(root + GuestPaths.display(e.path()));
                    }
                } catch (OsException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        List<BadObject> result = new ArrayList<>();
        bad.values().forEach(b -> result.add(new BadObject(b.object, b.problem, List.copyOf(b.paths))));
        result.sort((a, b) -> a.object().compareTo(b.object()));
        return new Result(objects.size(), bytes, result, problems);
    }

    /** Null when the object matches its name, else what is wrong. */
    private static String check(Store store, Store.StoredObject o, ContentHasher hasher) throws IOException {
        LinuxFs fs = LinuxFs.get();
        ObjectName name = o.name();
        String what = store.describe(name);
        int fd = store.openObject(name);
        try {
            FileStat st = fs.fstat(fd, what);
            byte[] digest = hasher.hash(fd, st.size(), what);
            if (digest == null) {
                return "changed while being verified";
            }
            if (!HexFormat.of().formatHex(digest).equals(name.contentHex())) {
                return "content does not match its name (a guest wrote into a shared file)";
            }
            if (DedupePlacer.isDedupeObject(name)) {
                return null; // identity is content alone in dedupe mode
            }
            var xattrs = fs.xattrs(fd, what);
            byte[] keyWithMtime = Identity.of(st, xattrs, false).key();
            byte[] keyWithoutMtime = Identity.of(st, xattrs, true).key();
            String key = name.metaKeyHex();
            if (!HexFormat.of().formatHex(keyWithMtime).equals(key)
                    && !HexFormat.of().formatHex(keyWithoutMtime).equals(key)) {
                return "metadata (mode, owner, mtime or extended attributes) changed since it was stored";
            }
            return null;
        } finally {
            fs.close(fd);
        }
    }

    private static final class BadObjectBuilder {
        final String object;
        final String problem;
        final List<String> paths = new ArrayList<>();

        BadObjectBuilder(String object, String problem) {
            this.object = object;
            this.problem = problem;
        }
    }
}
