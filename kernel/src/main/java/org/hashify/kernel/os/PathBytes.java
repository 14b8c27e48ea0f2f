package org.hashify.kernel.os;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

/**
 * The exact bytes of a {@link Path}. A Linux path keeps the raw bytes it was made from; its URI
 * percent-encodes every byte that is not plain ASCII, so decoding that gives them back losslessly.
 */
public final class PathBytes {
    private PathBytes() {
    }

    public static byte[] of(Path path) {
        if (!path.isAbsolute()) {
            path = path.toAbsolutePath();
        }
        String raw = path.toUri().getRawPath();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(ch);
            }
        }
        byte[] bytes = out.toByteArray();
        // A directory URI ends in '/'; the path itself does not.
        int len = bytes.length;
        while (len > 1 && bytes[len - 1] == '/') {
            len--;
        }
        return len == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, len);
    }
}
