package org.hashify.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md Semantics 4: writers append to and rewrite guest files (in place, truncating, and by
 * rename) while hashify runs. Afterwards every object's name is the digest of a complete version
 * of some file (never a torn read), and every writer's last data is at its path. With
 * {@code --immutable} no write can reach a shared object, so {@code verify} must be clean; in plain
 * hardlink mode an in-place write after the link reaches the object by design, and verify must
 * name exactly those objects. In dedupe mode (XFS) a write is copy-on-write, never reaching an
 * object, so verify must be clean; there files are placed on several threads at once.
 */
class ConcurrentChangeIT {
    private static final int GUESTS = 3;

    @TempDir
    Path tmp;

    enum Way { APPEND, IN_PLACE, TRUNCATE, RENAME }

    /** How the run shares. */
    enum Sharing { HARDLINK, IMMUTABLE, DEDUPE }

    @Test
    void writersDuringAHardlinkRun() throws Exception {
        rounds(Sharing.HARDLINK, tmp);
    }

    @Test
    void writersDuringADedupeRun() throws Exception {
        try (Loop xfs = Loop.xfsReflink(tmp, "xfs", 1024)) {
            rounds(Sharing.DEDUPE, xfs.root());
        }
    }

    @Test
    void writersDuringAnImmutableRun() throws Exception {
        assumeTrue(Hashify.isRoot(), "--immutable needs root (CAP_LINUX_IMMUTABLE)");
        assumeTrue(Hashify.run("run", "--help").out().contains("--immutable"), "this hashify has no --immutable");
        try {
            rounds(Sharing.IMMUTABLE, tmp);
        } finally {
            Hashify.exec("chattr", "-R", "-f", "-i", tmp.toString());
        }
    }

    private void rounds(Sharing sharing, Path where) throws Exception {
        boolean immutable = sharing == Sharing.IMMUTABLE;
        int rounds = Torture.count(1, 20);
        long base = Torture.seed() + 400_000 + 100_000 * sharing.ordinal();
        long writes = 0;
        long postLink = 0;
        long objects = 0;
        for (int k = 0; k < rounds; k++) {
            long seed = base + k;
            Path dir = where.resolve("round-" + k);
            GuestFarm farm = GuestFarm.build(dir, GUESTS, Torture.count(300, 600), seed);
            Round r = new Round(farm, dir.resolve("store"), seed, sharing);
            r.go();
            writes += r.writes.get();
            postLink += r.postLinkWrites;
            objects += r.objects;
            if (immutable) {
                Hashify.exec("chattr", "-R", "-f", "-i", dir.toString());
            }
            Trees.delete(dir);
        }
        String mode = sharing.name().toLowerCase(java.util.Locale.ROOT);
        Torture.log("concurrent (" + mode + "): " + rounds + " runs, " + writes + " writes, " + objects + " objects checked, "
                + postLink + " objects written into after linking");
        Torture.figure("concurrent." + mode + ".runs", rounds);
        Torture.figure("concurrent." + mode + ".writes", writes);
        Torture.figure("concurrent." + mode + ".objectsChecked", objects);
        Torture.figure("concurrent." + mode + ".postLinkWrites", postLink);
    }

    /** One hashify run with writers at work. */
    private static final class Round {
        final GuestFarm farm;
        final Path store;
        final long seed;
        final Sharing sharing;
        final boolean immutable;
        final Set<String> versions = ConcurrentHashMap.newKeySet();
        final Map<Path, byte[]> last = new ConcurrentHashMap<>();
        final AtomicLong writes = new AtomicLong();
        long postLinkWrites;
        long objects;

        Round(GuestFarm farm, Path store, long seed, Sharing sharing) {
            this.farm = farm;
            this.store = store;
            this.seed = seed;
            this.sharing = sharing;
            this.immutable = sharing == Sharing.IMMUTABLE;
        }

        void go() throws Exception {
            for (Path g : farm.roots()) {
                versions.addAll(Manifest.content(g).digests());
            }
            // targets: package files of the second and third guest, whose twins in the first guest stay as they are
            List<Path> targets = new ArrayList<>();
            Random pick = new Random(seed);
            for (Path g : farm.roots().subList(1, GUESTS)) {
                try (var s = Files.walk(g.resolve("usr/lib"))) {
                    for (Path p : s.filter(p -> Files.isRegularFile(p) && !p.toString().contains(".link")).toList()) {
                        if (pick.nextInt(4) == 0) {
                            targets.add(p);
                            last.put(p, Files.readAllBytes(p));
                        }
                    }
                }
            }
            List<String> args = new ArrayList<>(CrashIT.runArgs(store, farm));
            if (immutable) {
                args.add(1, "--immutable");
            } else if (sharing == Sharing.DEDUPE) {
                args.addAll(1, List.of("--mode", "dedupe"));
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int w = 0; w < 4; w++) {
                List<Path> mine = new ArrayList<>();
                for (int i = w; i < targets.size(); i += 4) {
                    mine.add(targets.get(i));
                }
                long ws = seed * 7 + w;
                Thread t = new Thread(() -> {
                    try {
                        write(mine, new Random(ws), stop);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "writer-" + w);
                writers.add(t);
                t.start();
            }
            Hashify.Result r;
            try {
                r = Hashify.start(args.toArray(String[]::new)).await(Duration.ofMinutes(3));
            } finally {
                stop.set(true);
                for (Thread t : writers) {
                    t.join();
                }
            }
            assertEquals(List.of(), failures, "writers failed");
            String context = "seed " + seed + ", " + sharing;
            assertTrue(r.status() == 0 || r.status() == 1, context + ": " + r.both());
            assertEquals(List.of(), Trees.foreignErrorLines(r.err()), context + ": " + r.both());
            // every writer's last data is at its path
            for (Map.Entry<Path, byte[]> e : last.entrySet()) {
                byte[] now = Files.readAllBytes(e.getKey());
                assertTrue(Arrays.equals(e.getValue(), now), context + ": " + e.getKey() + " holds " + now.length
                        + " bytes, not the " + e.getValue().length + " its writer wrote last");
            }
            // every object was made from a complete version of a file
            List<String> rewritten = new ArrayList<>();
            try (var s = Files.walk(store.resolve("objects"))) {
                for (Path o : s.filter(Files::isRegularFile).toList()) {
                    objects++;
                    String name = o.getFileName().toString();
                    String named = name.substring(0, name.indexOf('-'));
                    assertTrue(versions.contains(named), context + ": object " + o + " is named after bytes that no file "
                            + "ever held completely (a torn read was shared)");
                    String actual = sha256(Files.readAllBytes(o));
                    if (!actual.equals(named)) {
                        assertTrue(versions.contains(actual), context + ": object " + o + " holds bytes no writer wrote");
                        rewritten.add(o.toString());
                    }
                }
            }
            postLinkWrites = rewritten.size();
            Hashify.Result verify = Hashify.run("verify", "--store", store.toString());
            if (sharing != Sharing.HARDLINK) {
                assertEquals(List.of(), rewritten, context + ": a write reached an object");
                assertEquals(0, verify.status(), context + ": verify is clean\n" + verify.both());
            } else {
                assertEquals(rewritten.isEmpty() ? 0 : 1, verify.status(), context + ": verify names exactly the "
                        + rewritten.size() + " objects written into after linking\n" + verify.both());
            }
        }

        private void write(List<Path> mine, Random r, AtomicBoolean stop) throws Exception {
            while (!stop.get()) {
                Path p = mine.get(r.nextInt(mine.size()));
                Way way = Way.values()[r.nextInt(Way.values().length)];
                byte[] old = last.get(p);
                byte[] next;
                switch (way) {
                    case APPEND -> {
                        byte[] block = GuestFarm.random(r.nextLong(), 1 + r.nextInt(3000));
                        next = Arrays.copyOf(old, old.length + block.length);
                        System.arraycopy(block, 0, next, old.length, block.length);
                    }
                    case IN_PLACE -> next = GuestFarm.random(r.nextLong(), old.length);
                    default -> next = GuestFarm.random(r.nextLong(), 16 + r.nextInt(8000));
                }
                versions.add(sha256(next));
                try {
                    switch (way) {
                        case APPEND -> {
                            try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                                writeAll(c, Arrays.copyOfRange(next, old.length, next.length));
                            }
                        }
                        case IN_PLACE -> {
                            try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
                                writeAll(c, next);
                            }
                        }
                        case TRUNCATE -> {
                            try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE,
                                    StandardOpenOption.TRUNCATE_EXISTING)) {
                                writeAll(c, next);
                            }
                        }
                        case RENAME -> {
                            Path fresh = p.resolveSibling(".writer-" + Thread.currentThread().getName());
                            Files.write(fresh, next);
                            Files.move(fresh, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                } catch (IOException e) {
                    if (!immutable) {
                        throw e;
                    }
                    // A frozen shared file refuses the open or the write (EPERM), as it must. A truncation
                    // that got through before the write was refused is the writer's own doing: what the
                    // file holds now is its last data.
                    byte[] now = Files.readAllBytes(p);
                    versions.add(sha256(now));
                    last.put(p, now);
                    continue;
                }
                last.put(p, next);
                writes.incrementAndGet();
                if (r.nextInt(4) == 0) {
                    Thread.sleep(1);
                }
            }
        }

        private static void writeAll(FileChannel c, byte[] b) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                c.write(buf);
            }
        }
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
