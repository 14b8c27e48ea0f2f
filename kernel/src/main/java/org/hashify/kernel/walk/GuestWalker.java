package org.hashify.kernel.walk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.hashify.kernel.os.DirEntry;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;

/**
 * Walks one guest without following any symbolic link and without leaving its filesystem, and
 * sorts what it finds: eligible units, files already unified, and everything left alone.
 *
 * <p>Reads metadata only. A directory that cannot be read is reported and skipped; the rest of the
 * walk goes on.
 */
public final class GuestWalker {
    /** Names hashify gives its temporary links inside guests. */
    public static final String TEMP_PREFIX = ".hashify-";
    public static final String TEMP_SUFFIX = ".tmp";

    private final LinuxFs fs = LinuxFs.get();
    private final String guestName;
    private final ExcludeList excludes;
    private final long minSize;
    private final Predicate<FileStat> alreadyShared;
    private WalkRecord previous;
    private LongPredicate isObject;
    private byte[] fingerprint;

    // What a directory's counts hold, in this order (also in a WalkRecord).
    private static final int REGULAR = 0;
    private static final int UNIFIED = 1;
    private static final int UNIFIED_BYTES = 2;
    private static final int EXCLUDED = 3;
    private static final int CONFIG = 4;
    private static final int SMALL = 5;
    private static final int NOT_REGULAR = 6;
    private static final int OTHER_FS = 7;
    private static final int PRUNED = 8;
    /** How many counts a directory has. */
    public static final int COUNTS = 9;

    /**
     * @param alreadyShared whether a file, as its stat shows it, already shares its object (hardlink
     *     mode: its inode is an object; dedupe mode: unchanged since it was deduplicated)
     */
    public GuestWalker(String guestName, ExcludeList excludes, long minSize, Predicate<FileStat> alreadyShared) {
        this.guestName = guestName;
        this.excludes = excludes;
        this.minSize = minSize;
        this.alreadyShared = alreadyShared;
    }

    public static boolean isTempName(byte[] name) {
        if (name.length != TEMP_PREFIX.length() + 16 + TEMP_SUFFIX.length()) {
            return false;
        }
        String s = new String(name, StandardCharsets.ISO_8859_1);
        if (!s.startsWith(TEMP_PREFIX) || !s.endsWith(TEMP_SUFFIX)) {
            return false;
        }
        for (int i = TEMP_PREFIX.length(); i < TEMP_PREFIX.length() + 16; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes this walker use and make {@link WalkRecord}s: directories unchanged since
     * {@code previous} was recorded are not listed, and the result carries the record for next
     * time. Hardlink mode only: there a file's inode alone says whether it is unified.
     *
     * @param previous the guest's last record, or null
     * @param isObject whether an inode (on the guest's filesystem, which is the store's) is a store object
     */
    public GuestWalker recording(WalkRecord previous, LongPredicate isObject) {
        this.previous = previous;
        this.isObject = isObject;
        this.fingerprint = WalkRecord.fingerprint(excludes, minSize);
        return this;
    }

    /** A directory to list: its node, the exclude rule its path matched, its stat from before the listing. */
    private record Pending(DirNode dir, int match, FileStat stat) {
    }

    /** Walks the guest whose root directory is open as {@code rootFd}. */
    public WalkResult walk(int rootFd) throws OsException {
        return walk(rootFd, System.currentTimeMillis());
    }

    /** As above, as if begun at {@code started} (milliseconds since the epoch): tests move the clock. */
    WalkResult walk(int rootFd, long started) throws OsException {
        FileStat rootStat = fs.fstat(rootFd, "guest " + guestName + ": root");
        DirNode root = DirNode.root(rootStat.dev(), rootStat.ino());
        long[] total = new long[COUNTS];
        long directories = 0;
        long fromRecord = 0;
        List<String> problems = new ArrayList<>();
        Map<Long, List<FileEntry>> groups = new HashMap<>();
        List<FileEntry> singles = new ArrayList<>();
        WalkRecord next = fingerprint == null ? null : WalkRecord.empty(fingerprint, rootStat.dev(), rootStat.ino());
        WalkRecord prev = previous != null && previous.appliesTo(fingerprint, rootStat.dev(), rootStat.ino())
                ? previous : null;
        List<Settling> toSettle = new ArrayList<>();
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(root, excludes.ruleCount(), rootStat));
        try (DirCursor cursor = new DirCursor(rootFd, guestName)) {
            while (!stack.isEmpty()) {
                Pending dir = stack.pop();
                directories++;
                WalkRecord.Dir kept = prev == null ? null : prev.dir(dir.dir().ino());
                if (kept != null && kept.unchanged(dir.stat()) && reuse(kept, dir, cursor, root.dev(), total, stack)) {
                    next.put(kept);
                    fromRecord++;
                    continue;
                }
                int dirFd;
                List<DirEntry> entries;
                try {
                    dirFd = cursor.open(dir.dir());
                    entries = fs.list(dirFd, describe(dir.dir().path()));
                } catch (OsException e) {
                    problems.add(e.getMessage() + "; directory skipped");
                    continue;
                }
                Listing listing = classify(dir, dirFd, entries, root.dev());
                add(total, listing.counts);
                problems.addAll(listing.problems);
                for (FileEntry entry : listing.files) {
                    if (!entry.leftover() && entry.stat().nlink() > 1) {
                        groups.computeIfAbsent(entry.stat().ino(), k -> new ArrayList<>(2)).add(entry);
                    }
                    singles.add(entry);
                }
                // Reverse so the stack pops subdirectories in listing order.
                for (int i = listing.subdirs.size() - 1; i >= 0; i--) {
                    stack.push(listing.subdirs.get(i));
                }
                if (next != null) {
                    if (listing.recordable(started)) {
                        next.put(listing.toRecord());
                    } else if (!listing.files.isEmpty()) {
                        toSettle.add(new Settling(dir.dir(), dir.match()));
                    }
                }
            }
        }
        return new WalkResult(units(singles, groups), total[REGULAR], total[UNIFIED], total[UNIFIED_BYTES],
                total[EXCLUDED], total[CONFIG], total[SMALL], total[NOT_REGULAR], total[OTHER_FS], total[PRUNED],
                directories, fromRecord, problems, next, toSettle);
    }

    /**
     * Counts a recorded directory unchanged since as the record says, and queues its subdirectories;
     * false, having counted nothing, when anything differs (the caller then lists it).
     */
    private boolean reuse(WalkRecord.Dir kept, Pending dir, DirCursor cursor, long dev, long[] total,
            Deque<Pending> stack) {
        for (long ino : kept.unified()) {
            if (!isObject.test(ino)) {
                return false;
            }
        }
        List<Pending> subdirs = new ArrayList<>(kept.subs().size());
        if (!kept.subs().isEmpty()) {
            try {
                int dirFd = cursor.open(dir.dir());
                for (WalkRecord.Sub sub : kept.subs()) {
                    FileStat st = fs.stat(dirFd, sub.name(), () -> describe(dir.dir().childPath(sub.name())));
                    if (!st.isDirectory() || (st.dev() != dev) != sub.otherFilesystem()
                            || (!sub.otherFilesystem() && st.ino() != sub.ino())) {
                        return false;
                    }
                    if (!sub.otherFilesystem()) {
                        subdirs.add(new Pending(dir.dir().child(sub.name(), st.dev(), st.ino()), sub.match(), st));
                    }
                }
            } catch (OsException e) {
                return false;
            }
        }
        add(total, kept.counts());
        for (int i = subdirs.size() - 1; i >= 0; i--) {
            stack.push(subdirs.get(i));
        }
        return true;
    }

    /**
     * After the units of {@code walked} were placed: lists again each directory that held one and
     * adds those now clean to its record. A directory changed in the last {@link
     * WalkRecord#RACY_MILLIS} is left out (the next walk lists it).
     */
    public void settle(WalkResult walked, int rootFd) {
        WalkRecord record = walked.record();
        if (record == null) {
            return;
        }
        long started = System.currentTimeMillis();
        try (DirCursor cursor = new DirCursor(rootFd, guestName)) {
            for (Settling s : walked.toSettle()) {
                try {
                    int dirFd = cursor.open(s.dir());
                    FileStat st = fs.fstat(dirFd, describe(s.dir().path()));
                    Listing listing = classify(new Pending(s.dir(), s.match(), st), dirFd,
                            fs.list(dirFd, describe(s.dir().path())), s.dir().dev());
                    if (listing.recordable(started)) {
                        record.put(listing.toRecord());
                    }
                } catch (OsException e) {
                    // gone or replaced since: the next walk lists whatever is there
                }
            }
        }
    }

    /** What one listing of one directory found. */
    private final class Listing {
        /** The directory's stat from before the listing. */
        final FileStat stat;
        final long[] counts = new long[COUNTS];
        final List<Pending> subdirs = new ArrayList<>();
        final List<WalkRecord.Sub> subs = new ArrayList<>();
        final List<FileEntry> files = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        long[] unified = new long[8];
        int unifiedCount;
        boolean clean = true;

        Listing(FileStat stat) {
            this.stat = stat;
        }

        void unified(long ino) {
            if (unifiedCount == unified.length) {
                unified = java.util.Arrays.copyOf(unified, unifiedCount * 2);
            }
            unified[unifiedCount++] = ino;
        }

        /** Nothing left to unify here, and the directory's stat predates {@code since} by a clock tick or more. */
        boolean recordable(long since) {
            return clean && files.isEmpty() && problems.isEmpty()
                    && stat.ctimeSec() * 1000 + stat.ctimeNsec() / 1_000_000 < since - WalkRecord.RACY_MILLIS;
        }

        WalkRecord.Dir toRecord() {
            return new WalkRecord.Dir(stat.ino(), stat.ctimeSec(), stat.ctimeNsec(), counts, List.copyOf(subs),
                    java.util.Arrays.copyOf(unified, unifiedCount));
        }
    }

    /** Lists one directory's entries into counts, subdirectories to walk and files to unify. */
    private Listing classify(Pending dir, int dirFd, List<DirEntry> entries, long dev) {
        Listing l = new Listing(dir.stat());
        for (DirEntry e : entries) {
            String path = dir.dir().childPath(e.name());
            int match = excludes.firstMatch(path, dir.match());
            boolean excluded = excludes.excludes(match);
            if (e.type() == DirEntry.DT_LNK) {
                l.counts[NOT_REGULAR]++;
                continue;
            }
            if (excluded && e.type() == DirEntry.DT_REG && !isTempName(e.name())) {
                l.counts[EXCLUDED]++;
                continue;
            }
            if (e.type() != DirEntry.DT_REG && e.type() != DirEntry.DT_DIR && e.type() != DirEntry.DT_UNKNOWN) {
                l.counts[NOT_REGULAR]++;
                continue;
            }
            FileStat st;
            try {
                st = fs.stat(dirFd, e.name(), () -> describe(path));
            } catch (OsException ex) {
                if (!ex.isVanished()) {
                    l.problems.add(ex.getMessage() + "; skipped");
                }
                l.clean = false;
                continue;
            }
            if (st.isDirectory()) {
                if (st.dev() != dev) {
                    l.counts[OTHER_FS]++;
                    l.subs.add(new WalkRecord.Sub(e.name(), st.ino(), match, true));
                } else if (excluded && excludes.canPrune(path, match)) {
                    l.counts[PRUNED]++;
                } else {
                    l.subdirs.add(new Pending(dir.dir().child(e.name(), st.dev(), st.ino()), match, st));
                    l.subs.add(new WalkRecord.Sub(e.name(), st.ino(), match, false));
                }
                continue;
            }
            if (!st.isRegular()) {
                l.counts[NOT_REGULAR]++;
                continue;
            }
            FileEntry entry = new FileEntry(dir.dir(), e.name(), st, isTempName(e.name()));
            if (entry.leftover()) {
                // hashify's own temporary link from a killed run: always redundant, cleaned up when placed
                l.files.add(entry);
                continue;
            }
            l.counts[REGULAR]++;
            if (alreadyShared.test(st)) {
                l.counts[UNIFIED]++;
                l.counts[UNIFIED_BYTES] += st.size();
                l.unified(st.ino());
            } else if (excluded) {
                l.counts[EXCLUDED]++;
            } else if (excludes.isExactExclude(path)) {
                l.counts[CONFIG]++;
            } else if (st.size() < minSize) {
                l.counts[SMALL]++;
                l.clean = false; // it may grow in place, which its directory's ctime does not show
            } else {
                l.files.add(entry);
            }
        }
        return l;
    }

    private static void add(long[] total, long[] counts) {
        for (int i = 0; i < COUNTS; i++) {
            total[i] += counts[i];
        }
    }

    /** One unit per inode, led by its first path in walk order. */
    private static List<Unit> units(List<FileEntry> inOrder, Map<Long, List<FileEntry>> groups) {
        Map<Long, Boolean> led = new LinkedHashMap<>();
        List<Unit> units = new ArrayList<>(inOrder.size());
        for (FileEntry e : inOrder) {
            if (e.leftover() || e.stat().nlink() <= 1) {
                units.add(new Unit(e, List.of(), true));
                continue;
            }
            if (led.putIfAbsent(e.stat().ino(), Boolean.TRUE) != null) {
                continue;
            }
            List<FileEntry> members = groups.get(e.stat().ino());
            boolean complete = members.size() == e.stat().nlink();
            units.add(new Unit(e, members.subList(1, members.size()), complete));
        }
        return units;
    }

    private String describe(String rawPath) {
        return "guest " + guestName + ": " + GuestPaths.display(rawPath);
    }

    /** A directory whose units were placed after the walk; {@link #settle} lists it again. */
    public record Settling(DirNode dir, int match) {
    }
}
