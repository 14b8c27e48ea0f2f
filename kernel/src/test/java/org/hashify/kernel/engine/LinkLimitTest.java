package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.LoopMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md Semantics 2: an object at the filesystem's link limit gets a twin for further links. */
class LinkLimitTest {
    @TempDir
    Path tmp;

    @Test
    void anObjectAtTheLinkLimitGetsATwin() throws Exception {
        // ext4 allows 65,000 links to an inode: 66,000 copies of one file need a twin
        try (LoopMount fs = LoopMount.create(tmp, "ext4", 256, "-q", "-N", "80000", "-b", "1024")) {
            byte[] content = "the same twenty-odd bytes\n".getBytes();
            Path[] guests = new Path[3];
            for (int g = 0; g < 3; g++) {
                GuestTree t = GuestTree.at(fs.root().resolve("g" + g));
                for (int d = 0; d < 22; d++) {
                    for (int i = 0; i < 1000; i++) {
                        t.file("usr/share/d" + d + "/f" + i, content);
                    }
                }
                guests[g] = t.root();
            }
            RunReport r = Runs.run(fs.root().resolve("store"), Runs.DEFAULT, guests);
            assertFalse(r.hasFailures(), r.problems().toString());
            assertEquals(66_000, r.total(x -> x.unified) + r.total(x -> x.newObjectPaths));
            Map<Long, Integer> inodes = new HashMap<>();
            for (Path g : guests) {
                try (var files = Files.walk(g)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        inodes.merge(Runs.ino(f), 1, Integer::sum);
                        assertEquals("the same twenty-odd bytes\n", Files.readString(f));
                    }
                }
            }
            assertEquals(2, inodes.size(), "one object and one twin hold every copy");
            try (Store s = Store.openReadOnly(fs.root().resolve("store"), false)) {
                List<Store.StoredObject> objects = s.listObjects();
                assertEquals(2, objects.size());
                assertTrue(objects.stream().anyMatch(o -> o.name().twin() == 1), objects.toString());
                assertTrue(objects.stream().allMatch(o -> o.stat().nlink() <= 65_000));
            }
        }
    }
}
