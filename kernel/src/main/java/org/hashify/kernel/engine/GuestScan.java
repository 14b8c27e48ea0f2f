package org.hashify.kernel.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.hashify.kernel.os.FileStat;
import org.hashify.kernel.os.LinuxFs;
import org.hashify.kernel.os.OsException;
import org.hashify.kernel.walk.ExcludeList;
import org.hashify.kernel.walk.FileEntry;
import org.hashify.kernel.walk.GuestWalker;
import org.hashify.kernel.walk.Unit;

/**
 * A metadata-only look at every regular file of a guest, for status, verify and gc: which paths
 * are links to store objects, and which are the guest's own.
 */
final class GuestScan {
    private GuestScan() {
    }

    /** Every regular file of the guest, split by whether {@code isObject} holds for its inode. */
    record Result(long dev, List<FileEntry> objectLinks, List<Unit> own, List<String> problems) {
    }

    static Result scan(String name, Path root, LongPredicate isObject) throws OsException {
        LinuxFs fs = LinuxFs.get();
        int rootFd = fs.openDirectoryPath(root, "guest " + name + ": root " + root);
        try {
            FileStat rootStat = fs.fstat(rootFd, "guest " + name);
            List<FileEntry> links = new ArrayList<>();
            // minSize 0 and no excludes: every regular file becomes a unit or is counted as unified.
            GuestWalker walker = new GuestWalker(name, ExcludeList.none(), 0, st -> false);
            var walk = walker.walk(rootFd);
            List<Unit> own = new ArrayList<>();
            for (Unit u : walk.units()) {
                if (isObject.test(u.leader().stat().ino())) {
                    links.add(u.leader());
                    links.addAll(u.followers());
                } else {
                    own.add(u);
                }
            }
            return new Result(rootStat.dev(), links, own, walk.problems());
        } finally {
            fs.close(rootFd);
        }
    }
}
