package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hashify.kernel.os.LinuxFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaced copies are closed off the replacing thread, all of them, within the process's descriptor budget. */
class DeferredCloserTest {
    @TempDir
    Path tmp;

    private List<Integer> openUnlinkedFiles(int n) throws Exception {
        LinuxFs fs = LinuxFs.get();
        int dir = fs.openDirectoryPath(tmp, "tmp");
        List<Integer> fds = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                byte[] name = ("f" + i).getBytes(StandardCharsets.US_ASCII);
                Files.write(tmp.resolve("f" + i), new byte[8192]);
                fds.add(fs.openForReading(dir, name, "f" + i));
                fs.unlink(dir, name, "f" + i);
            }
        } finally {
            fs.close(dir);
        }
        return fds;
    }

    private static boolean isOpen(int fd) {
        return Files.exists(Path.of("/proc/self/fd/" + fd));
    }

    @Test
    void everyDescriptorHandedOverIsClosedWhenItCloses() throws Exception {
        List<Integer> fds = openUnlinkedFiles(300);
        assertTrue(fds.stream().allMatch(DeferredCloserTest::isOpen));
        try (DeferredCloser closer = new DeferredCloser(4)) {
            fds.forEach(closer::close);
        }
        assertEquals(List.of(), fds.stream().filter(DeferredCloserTest::isOpen).toList(),
                "no descriptor may outlive the closer, or the freed space would not be freed yet");
    }

    @Test
    void withoutSpareDescriptorsItClosesInline() throws Exception {
        List<Integer> fds = openUnlinkedFiles(3);
        DeferredCloser closer = new DeferredCloser(0);
        closer.close(fds.get(0));
        assertFalse(isOpen(fds.get(0)), "closed before close() returned");
        closer.close(fds.get(1));
        closer.close(fds.get(2));
        closer.close();
        assertFalse(isOpen(fds.get(2)));
    }

    @Test
    void theQueueFitsTheOpenFileLimit() {
        assertEquals(0, DeferredCloser.queueFor(64), "ulimit -n 64: nothing to spare");
        assertEquals(0, DeferredCloser.queueFor(96), "8 to spare, all taken by the closing threads");
        assertEquals(8, DeferredCloser.queueFor(128));
        assertEquals(16, DeferredCloser.queueFor(160));
        assertEquals(24, DeferredCloser.queueFor(1024));
        assertEquals(24, DeferredCloser.queueFor(Long.MAX_VALUE));
        long limit = LinuxFs.openFileLimit();
        assertTrue(limit >= 64, "read from /proc/self/limits: " + limit);
    }
}
