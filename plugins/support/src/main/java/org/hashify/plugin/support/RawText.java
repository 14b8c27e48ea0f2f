package org.hashify.plugin.support;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text as a package database stores it: one char per byte (ISO-8859-1), so that a name which is not
 * valid UTF-8 keeps its exact bytes, as {@link org.hashify.api.ConfigFile#rawPath()} does.
 */
public final class RawText {

    private RawText() {}

    /** The bytes, one char each. */
    public static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The UTF-8 bytes of {@code text}, one char each: how a database would store it. */
    public static String ofText(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw text read as UTF-8, invalid bytes replaced: fit for a name, never for a path. */
    public static String decode(String raw) {
        return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * Raw text made safe for a one-line message: UTF-8 shown as text, any other byte as {@code \xNN},
     * and control characters and backslashes escaped the same way, so that a hostile name cannot
     * forge lines or terminal sequences and two different names never print alike.
     */
    public static String printable(String raw) {
        ByteBuffer in = ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1));
        CharBuffer decoded = CharBuffer.allocate(raw.length());
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder out = new StringBuilder(raw.length());
        while (true) {
            CoderResult result = decoder.decode(in, decoded, true);
            appendEscaped(decoded.flip(), out);
            decoded.clear();
            if (!result.isError()) {
                return out.toString();
            }
            for (int i = 0; i < result.length(); i++) {
                appendByte(in.get(), out);
            }
        }
    }

    private static void appendEscaped(CharSequence text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                appendByte((byte) c, out);
            } else if (c >= 0x80 && c < 0xa0) {
                // C1 controls: written as code points, so that they never read like a stray byte.
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
    }

    private static void appendByte(byte b, StringBuilder out) {
        out.append(String.format("\\x%02x", b & 0xff));
    }
}
