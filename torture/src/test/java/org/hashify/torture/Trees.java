package org.hashify.torture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks over guests and stores that every part of the suite makes. */
final class Trees {
    private Trees() {
    }

    static Map<Path, Manifest> manifests(List<Path> roots, Manifest.Detail detail) throws IOException {
        Map<Path, Manifest> m = new LinkedHashMap<>();
        for (Path r : roots) {
            m.put(r, Manifest.of(r, detail));
        }
        return m;
    }

    /**
     * Every path of every guest still shows what it showed ({@code allowTemps}: hashify's own
     * temporary names may be there too, as a killed run leaves them).
     *
     * @return the temporary names found
     */
    static int assertUnchanged(Map<Path, Manifest> before, Manifest.Detail detail, boolean allowTemps, String context)
            throws IOException {
        int temps = 0;
        for (Map.Entry<Path, Manifest> e : before.entrySet()) {
            Manifest now = Manifest.of(e.getKey(), detail);
            temps += now.tempNames().size();
            if (allowTemps) {
                now = now.withoutTempNames();
            }
            String diff = e.getValue().differences(now);
            if (diff != null) {
                fail(context + ": guest " + e.getKey() + " changed (files lost or altered): " + diff);
            }
        }
        return temps;
    }

    /** Names in the store's tmp/ (leftovers of a killed run until gc). */
    static List<String> storeTemps(Path store) throws IOException {
        Path tmp = store.resolve("tmp");
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(tmp)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            }
        }
        return names;
    }

    /** The store's tmp/ is empty (a guest's temporary names show as differences of its manifest). */
    static void assertNoStoreTemps(Path store, String context) throws IOException {
        assertEquals(List.of(), storeTemps(store), context + ": the store's tmp/ is empty after gc");
    }

    /** Waits until a process holds the store's lock (the lock file names it), or ends. */
    static boolean awaitLock(Path store, Hashify.Running p, Duration timeout) throws IOException, InterruptedException {
        Path lock = store.resolve("lock");
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(lock) && Files.size(lock) > 0) {
                return true;
            }
            if (!p.process.isAlive()) {
                return false;
            }
            Thread.sleep(1);
        }
        return false;
    }

    /** A store's lock file as a killed run leaves it: naming a holder that is gone. */
    static void clearLockText(Path store) throws IOException {
        Path lock = store.resolve("lock");
        if (Files.exists(lock)) {
            Files.write(lock, new byte[0]);
        }
    }

    static long ino(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    static int nlink(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    }

    static void delete(Path dir) throws IOException, InterruptedException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Hashify.Result r = Hashify.exec("rm", "-rf", "--one-file-system", dir.toString());
            assertEquals(0, r.status(), r.both());
        }
    }

    /** Lines of standard error that do not read as hashify's one-line messages. */
    static List<String> foreignErrorLines(String err) {
        List<String> bad = new ArrayList<>();
        for (String line : err.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("hashify:") || line.contains("Exception") || line.startsWith("\tat ")) {
                bad.add(line);
            }
        }
        return bad;
    }
}
