package org.hashify.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.hashify.kernel.testing.GuestTree;
import org.hashify.kernel.testing.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md Semantics 1: files share an object only when bytes and every piece of metadata match. */
class IdentityRulesTest {
    @TempDir
    Path tmp;

    private static final byte[] DATA = GuestTree.random(1, 5000);

    private GuestTree[] twoGuests() throws Exception {
        GuestTree a = GuestTree.at(tmp.resolve("a")).file("usr/bin/f", DATA);
        GuestTree b = GuestTree.at(tmp.resolve("b")).file("usr/bin/f", DATA);
        return new GuestTree[] {a, b};
    }

    private void assertShared(GuestTree[] g, boolean shared) throws Exception {
        var beforeA = TreeSnapshot.contentOf(g[0].root());
        var beforeB = TreeSnapshot.contentOf(g[1].root());
        RunReport r = Runs.run(tmp.resolve("store"), Runs.DEFAULT, g[0].root(), g[1].root());
        assertEquals(false, r.hasFailures(), r.problems().toString());
        long a = Runs.ino(g[0].path("usr/bin/f"));
        long b = Runs.ino(g[1].path("usr/bin/f"));
        if (shared) {
            assertEquals(a, b, "equal files must share one inode");
        } else {
            assertNotEquals(a, b, "files differing in metadata must not share an inode");
        }
        // whatever was shared, no guest sees any difference in content or metadata
        assertEquals(beforeA, TreeSnapshot.contentOf(g[0].root()));
        assertEquals(beforeB, TreeSnapshot.contentOf(g[1].root()));
    }

    @Test
    void equalContentAndMetadataShareOneInode() throws Exception {
        GuestTree[] g = twoGuests();
        assertShared(g, true);
        assertEquals(3, Runs.nlink(g[0].path("usr/bin/f")), "two guest links and the store's");
    }

    @Test
    void differentContentIsNotShared() throws Exception {
        GuestTree[] g = twoGuests();
        byte[] other = DATA.clone();
        other[2500] ^= 1;
        g[1].file("usr/bin/f", other);
        assertShared(g, false);
    }

    @Test
    void differentModeIsNotShared() throws Exception {
        GuestTree[] g = twoGuests();
        g[1].mode("usr/bin/f", 0755);
        assertShared(g, false);
    }

    @Test
    void differentSetuidBitIsNotShared() throws Exception {
        GuestTree[] g = twoGuests();
        g[0].mode("usr/bin/f", 04755);
        g[1].mode("usr/bin/f", 0755);
        assertShared(g, false);
    }

    @Test
    void differentMtimeIsNotSharedUnlessIgnored() throws Exception {
        GuestTree[] g = twoGuests();
        g[1].mtime("usr/bin/f", FileTime.fromMillis(1_600_000_000_000L));
        assertShared(g, false);
    }

    @Test
    void mtimeDifferingOnlyInNanosecondsIsNotShared() throws Exception {
        GuestTree[] g = twoGuests();
        g[1].mtime("usr/bin/f", FileTime.from(GuestTree.MTIME.toInstant().plusNanos(1)));
        assertShared(g, false);
    }

    @Test
    void ignoreMtimeSharesFilesWhoseMtimesDiffer() throws Exception {
        GuestTree[] g = twoGuests();
        g[1].mtime("usr/bin/f", FileTime.fromMillis(1_600_000_000_000L));
        RunReport r = Runs.run(tmp.resolve("store"), new Hashifier.Options(16, true, false, 2), g[0].root(), g[1].root());
        assertEquals(false, r.hasFailures());
        assertEquals(Runs.ino(g[0].path("usr/bin/f")), Runs.ino(g[1].path("usr/bin/f")));
    }

    @Test
    void differentUserXattrIsNotShared() throws Exception {
        GuestTree[] g = twoGuests();
        g[0].xattr("usr/bin/f", "user.note", "x".getBytes(StandardCharsets.UTF_8));
        g[1].xattr("usr/bin/f", "user.note", "y".getBytes(StandardCharsets.UTF_8));
        assertShared(g, false);
    }

    @Test
    void xattrOnOneSideOnlyIsNotShared() throws Exception {
        GuestTree[] g = twoGuests();
        g[0].xattr("usr/bin/f", "user.note", "x".getBytes(StandardCharsets.UTF_8));
        assertShared(g, false);
    }

    @Test
    void equalXattrsAreShared() throws Exception {
        GuestTree[] g = twoGuests();
        g[0].xattr("usr/bin/f", "user.note", "x".getBytes(StandardCharsets.UTF_8));
        g[1].xattr("usr/bin/f", "user.note", "x".getBytes(StandardCharsets.UTF_8));
        assertShared(g, true);
    }

    @Test
    void differentOwnerIsNotShared() throws Exception {
        assumeTrue(GuestTree.isRoot(), "changing a file's owner needs root");
        GuestTree[] g = twoGuests();
        g[1].owner("usr/bin/f", 1000, 0);
        assertShared(g, false);
    }

    @Test
    void differentGroupIsNotShared() throws Exception {
        assumeTrue(GuestTree.isRoot(), "changing a file's group needs root");
        GuestTree[] g = twoGuests();
        g[1].owner("usr/bin/f", 0, 1000);
        assertShared(g, false);
    }

    /** cap_net_raw=ep as stored in security.capability. */
    private static final byte[] CAP = {1, 0, 0, 2, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @Test
    void fileCapabilityOnOneSideIsNotShared() throws Exception {
        assumeTrue(GuestTree.isRoot(), "setting security.capability needs root");
        GuestTree[] g = twoGuests();
        g[0].xattr("usr/bin/f", "security.capability", CAP);
        assertShared(g, false);
    }

    @Test
    void equalFileCapabilitiesAreSharedAndKept() throws Exception {
        assumeTrue(GuestTree.isRoot(), "setting security.capability needs root");
        GuestTree[] g = twoGuests();
        g[0].xattr("usr/bin/f", "security.capability", CAP);
        g[1].xattr("usr/bin/f", "security.capability", CAP);
        assertShared(g, true);
    }
}
