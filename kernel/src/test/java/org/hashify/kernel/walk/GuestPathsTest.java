package org.hashify.kernel.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GuestPathsTest {
    @Test
    void validUtf8IsShownAsIs() {
        assertEquals("/usr/share/dönerstraße", GuestPaths.display(GuestPaths.raw("/usr/share/dönerstraße")));
    }

    @Test
    void invalidBytesAndNewlinesAreEscapedSoAReportLineCannotBeForged() {
        String raw = new String(new byte[] {'/', 'a', '\n', 'b', (byte) 0xff}, StandardCharsets.ISO_8859_1);
        assertEquals("/a\\x0ab\\xff", GuestPaths.display(raw));
    }
}
