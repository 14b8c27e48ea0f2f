package org.hashify.kernel.walk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Walks the guest whose root directory is open as {@code rootFd}. */
    public WalkResult walk(int rootFd) throws OsException {
        FileStat rootStat = fs.fstat(rootFd, "guest " + guestName + ": root");
        DirNode root = DirNode.root(rootStat.dev(), rootStat.ino());
        Counts c = new Counts();
        Map<Long, List<FileEntry>> groups = new HashMap<>();
        List<FileEntry> singles = new ArrayList<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, excludes.ruleCount()});
        try (DirCursor cursor = new DirCursor(rootFd, guestName)) {
            while (!stack.isEmpty()) {
                Object[] top = stack.pop();
                DirNode dir = (DirNode) top[0];
                int dirMatch = (Integer) top[1];
                c.directories++;
                List<DirEntry> entries;
                int dirFd;
                try {
                    dirFd = cursor.open(dir);
                    entries = fs.list(dirFd, describe(dir.path()));
                } catch (OsException e) {
                    c.problems.add(e.getMessage() + "; directory skipped");
                    continue;
                }
                List<Object[]> subdirs = new ArrayList<>();
                for (DirEntry e : entries) {
                    String path = dir.childPath(e.name());
                    int match = excludes.firstMatch(path, dirMatch);
                    boolean excluded = excludes.excludes(match);
                    if (e.type() == DirEntry.DT_LNK) {
                        c.notRegular++;
                        continue;
                    }
                    if (excluded && e.type() == DirEntry.DT_REG && !isTempName(e.name())) {
                        c.excluded++;
                        continue;
                    }
                    if (e.type() != DirEntry.DT_REG && e.type() != DirEntry.DT_DIR && e.type() != DirEntry.DT_UNKNOWN) {
                        c.notRegular++;
                        continue;
                    }
                    FileStat st;
                    try {
                        st = fs.stat(dirFd, e.name(), describe(path));
                    } catch (OsException ex) {
                        if (!ex.isVanished()) {
                            c.problems.add(ex.getMessage() + "; skipped");
                        }
                        continue;
                    }
                    if (st.isDirectory()) {
                        if (st.dev() != root.dev()) {
                            c.otherFilesystem++;
                        } else if (excluded && excludes.canPrune(path, match)) {
                            c.pruned++;
                        } else {
                            subdirs.add(new Object[] {dir.child(e.name(), st.dev(), st.ino()), match});
                        }
                        continue;
                    }
                    if (!st.isRegular()) {
                        c.notRegular++;
                        continue;
                    }
                    FileEntry entry = new FileEntry(dir, e.name(), st, isTempName(e.name()));
                    if (entry.leftover()) {
                        // hashify's own temporary link from a killed run: always redundant, cleaned up below
                        singles.add(entry);
                        continue;
                    }
                    c.regular++;
                    if (alreadyShared.test(st)) {
                        c.unified++;
                        c.unifiedBytes += st.size();
                    } else if (excluded) {
                        c.excluded++;
                    } else if (excludes.isExactExclude(path)) {
                        c.config++;
                    } else if (st.size() < minSize) {
                        c.small++;
                    } else if (st.nlink() > 1) {
                        groups.computeIfAbsent(st.ino(), k -> new ArrayList<>(2)).add(entry);
                        singles.add(entry);
                    } else {
                        singles.add(entry);
                    }
                }
                // Reverse so the stack pops subdirectories in listing order.
                for (int i = subdirs.size() - 1; i >= 0; i--) {
                    stack.push(subdirs.get(i));
                }
            }
        }
        return new WalkResult(units(singles, groups), c.regular, c.unified, c.unifiedBytes, c.excluded, c.config,
                c.small, c.notRegular, c.otherFilesystem, c.pruned, c.directories, c.problems);
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

    private static final class Counts {
        long regular;
        long unified;
        long unifiedBytes;
        long excluded;
        long config;
        long small;
        long notRegular;
        long otherFilesystem;
        long pruned;
        long directories;
        final List<String> problems = new ArrayList<>();
    }
}
