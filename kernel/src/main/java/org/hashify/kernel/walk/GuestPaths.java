package org.hashify.kernel.walk;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turning raw guest paths (bytes held as ISO-8859-1 characters) into text for people. */
public final class GuestPaths {
    private GuestPaths() {
    }

    /**
     * The path as UTF-8 text when it is valid UTF-8 without control characters, otherwise with
     * every byte that is not printable ASCII written as {@code \xNN}, so that a name with a newline
     * cannot forge a line of the report.
     */
    public static String display(String raw) {
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        boolean control = false;
        for (byte b : bytes) {
            if ((b & 0xff) < 0x20 || b == 0x7f || b == '\\') {
                control = true;
                break;
            }
        }
        if (!control) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                // fall through to escaping
            }
        }
        StringBuilder b = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int v = x & 0xff;
            if (v >= 0x20 && v < 0x7f && v != '\\') {
                b.append((char) v);
            } else {
                b.append(String.format("\\x%02x", v));
            }
        }
        return b.toString();
    }

    /** The raw form of a path typed by a person (UTF-8), to compare with walked paths. */
    public static String raw(String utf8) {
        return new String(utf8.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
