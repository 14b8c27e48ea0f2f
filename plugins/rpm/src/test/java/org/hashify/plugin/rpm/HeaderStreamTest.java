package org.hashify.plugin.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderStreamTest {
    private final HeaderBuilder one = new HeaderBuilder().string(RpmHeader.TAG_NAME, "one");
    private final HeaderBuilder two = HeaderBuilder.pkg("two", List.of("/etc/"), new int[] {0},
            List.of("two.conf"), new int[] {1});

    @Test
    void splitsHeadersAndStripsTheMagic() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(one.buildWithMagic());
        out.writeBytes(two.buildWithMagic());
        HeaderStream stream = new HeaderStream(new ByteArrayInputStream(out.toByteArray()));

        assertArrayEquals(one.build(), stream.next().orElseThrow());
        assertArrayEquals(two.build(), stream.next().orElseThrow());
        assertTrue(stream.next().isEmpty());
    }

    @Test
    void refusesAMissingMagic() {
        HeaderStream stream = new HeaderStream(new ByteArrayInputStream(Arrays.copyOf(one.build(), 40)));

        assertThrows(MalformedHeaderException.class, stream::next);
    }

    @Test
    void refusesAStreamCutShort() {
        byte[] whole = two.buildWithMagic();
        for (int length : new int[] {1, 15, 16, 17, whole.length - 1}) {
            HeaderStream stream = new HeaderStream(new ByteArrayInputStream(Arrays.copyOf(whole, length)));
            assertThrows(MalformedHeaderException.class, stream::next, "length " + length);
        }
    }
}
