package org.hashify.plugin.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawTextTest {

    @Test
    void holdsEveryByteAsOneChar() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }

        String raw = RawText.of(all);

        assertEquals(256, raw.length());
        assertArrayEquals(all, raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void textIsStoredAsItsUtf8Bytes() {
        assertEquals("caf\u00c3\u00a9", RawText.ofText("café"));
        assertEquals("café", RawText.decode(RawText.ofText("café")));
        assertEquals("caf\ufffd", RawText.decode("caf\u00ff"));
    }

    @Test
    void printsUtf8AsTextAndEveryOtherByteEscaped() {
        assertEquals("/etc/café", RawText.printable(RawText.ofText("/etc/café")));
        assertEquals("/etc/caf\\xe9", RawText.printable("/etc/caf\u00e9"));
        assertEquals("\\xff\\xfe/x\\xc3", RawText.printable("\u00ff\u00fe/x\u00c3"));
        assertEquals("emoji \uD83D\uDE00", RawText.printable(RawText.ofText("emoji \uD83D\uDE00")));
    }

    @Test
    void printsControlCharactersEscaped() {
        assertEquals("/etc/a\\x00b\\x1b[2J\\x5c\\x7f", RawText.printable("/etc/a\0b\u001b[2J\\\u007f"));
        assertEquals("next\\u0085line", RawText.printable(RawText.ofText("next\u0085line")));
    }

    @Test
    void neverPrintsTwoDifferentNamesAlike() {
        assertNotEquals(RawText.printable("\u0085"), RawText.printable(RawText.ofText("\u0085")));
        assertNotEquals(RawText.printable("\\x41"), RawText.printable("A"));
    }
}
