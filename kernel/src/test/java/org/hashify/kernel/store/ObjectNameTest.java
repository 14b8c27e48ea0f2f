package org.hashify.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.TreeMap;
import org.hashify.kernel.os.FileStat;
import org.junit.jupiter.api.Test;

class ObjectNameTest {
    private static final String HEX = "ab".repeat(32);

    @Test
    void namesRoundTripWithTwins() {
        ObjectName n = new ObjectName(HEX, "0123456789abcdef", 0);
        assertEquals(n, ObjectName.parse(n.fileName()));
        assertEquals("objects/ab/" + HEX + "-0123456789abcdef", n.relativePath());
        ObjectName twin = n.nextTwin();
        assertEquals(twin, ObjectName.parse(twin.fileName()));
        assertEquals(HEX + "-0123456789abcdef.1", twin.fileName());
    }

    @Test
    void foreignNamesAreNotObjects() {
        assertNull(ObjectName.parse("README"));
        assertNull(ObjectName.parse(HEX + "-0123456789abcdeg"));
        assertNull(ObjectName.parse(HEX + "-0123456789abcdef.0"));
        assertNull(ObjectName.parse(HEX + "-0123456789abcdef.x"));
        assertNull(ObjectName.parse(HEX.toUpperCase() + "-0123456789abcdef"));
    }

    @Test
    void metadataKeyCoversEveryIdentityField() {
        FileStat st = new FileStat(1, 2, 0100644, 1, 0, 0, 100, 0, 0, 1000, 5, 0, 0);
        TreeMap<String, byte[]> none = new TreeMap<>();
        String base = java.util.HexFormat.of().formatHex(Identity.of(st, none, false).key());
        FileStat[] variants = {
            new FileStat(1, 2, 0100755, 1, 0, 0, 100, 0, 0, 1000, 5, 0, 0),
            new FileStat(1, 2, 0100644, 1, 1, 0, 100, 0, 0, 1000, 5, 0, 0),
            new FileStat(1, 2, 0100644, 1, 0, 1, 100, 0, 0, 1000, 5, 0, 0),
            new FileStat(1, 2, 0100644, 1, 0, 0, 100, 0, 0, 1000, 6, 0, 0),
            new FileStat(1, 2, 0100644, 1, 0, 0, 100, 0, 0, 1001, 5, 0, 0),
        };
        for (FileStat v : variants) {
            assertNotEquals(base, java.util.HexFormat.of().formatHex(Identity.of(v, none, false).key()), v.toString());
        }
        TreeMap<String, byte[]> x = new TreeMap<>();
        x.put("security.capability", new byte[] {1});
        assertNotEquals(base, java.util.HexFormat.of().formatHex(Identity.of(st, x, false).key()));
        // other inode, link count and ctime do not matter
        FileStat same = new FileStat(9, 9, 0100644, 7, 0, 0, 100, 3, 3, 1000, 5, 9, 9);
        assertEquals(base, java.util.HexFormat.of().formatHex(Identity.of(same, none, false).key()));
    }
}
