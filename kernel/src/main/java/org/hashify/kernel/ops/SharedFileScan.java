package org.hashify.kernel.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.hashify.kernel.os.DirEntry;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.walk.DirCursor;
import org.hashify.kernel.walk.DirNode;
import org.hashify.kernel.walk.FileEntry;
import org.hashify.kernel.walk.GuestPaths;

/**
 * Finds every path of a guest that is a link to a store object, grouped by object: all names of
 * one object inside the guest become one private inode when the guest is split. Reads metadata
 * only, never follows a symbolic link, never leaves the guest's filesystem.
 */
final class SharedFileScan {
    /**
     * @param byObject the guest's paths of each object inode, in walk order
     */
    record Result(FileStat root, Map<Long, List<FileEntry>> byObject, List<String> problems) {
        long paths() {
            return byObject.values().stream().mapToLong(List::size).sum();
        }
    }

    private SharedFileScan() {
    }

    /** @param isObject whether an inode number of the guest's filesystem is a store object */
    static Result scan(String guest, int rootFd, LongPredicate isObject) throws OsException {
        LinuxFs fs = LinuxFs.get();
        FileStat rootStat = fs.fstat(rootFd, "guest " + guest + ": root");
        Map<Long, List<FileEntry>> byObject = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Deque<DirNode> stack = new ArrayDeque<>();
        stack.push(DirNode.root(rootStat.dev(), rootStat.ino()));
        try (DirCursor cursor = new DirCursor(rootFd, guest)) {
            while (!stack.isEmpty()) {
                DirNode dir = stack.pop();
                int dirFd;
                List<DirEntry> entries;
                try {
                    dirFd = cursor.open(dir);
                    entries = fs.list(dirFd, "guest " + guest + ": " + dir);
                } catch (OsException e) {
                    problems.add(e.getMessage() + "; directory skipped");
                    continue;
                }
                List<DirNode> subdirs = new ArrayList<>();
                for (DirEntry e : entries) {
                    if (e.type() != DirEntry.DT_REG && e.type() != DirEntry.DT_DIR && e.type() != DirEntry.DT_UNKNOWN) {
                        continue;
                    }
                    String path = dir.childPath(e.name());
                    FileStat st;
                    try {
                        st = fs.stat(dirFd, e.name(), "guest " + guest + ": " + GuestPaths.display(path));
                    } catch (OsException ex) {
                        if (!ex.isVanished()) {
                            problems.add(ex.getMessage() + "; skipped");
                        }
                        continue;
                    }
                    if (st.dev() != rootStat.dev()) {
                        continue;
                    }
                    if (st.isDirectory()) {
                        subdirs.add(dir.child(e.name(), st.dev(), st.ino()));
                    } else if (st.isRegular() && isObject.test(st.ino())) {
                        byObject.computeIfAbsent(st.ino(), k -> new ArrayList<>(1)).add(new FileEntry(dir, e.name(), st,
                                false));
                    }
                }
                for (int i = subdirs.size() - 1; i >= 0; i--) {
                    stack.push(subdirs.get(i));
                }
            }
        }
        return new Result(rootStat, byObject, problems);
    }
}
