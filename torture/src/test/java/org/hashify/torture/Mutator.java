package org.hashify.torture;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** A bounded, seeded byte mutator: flips, splices, truncations and the bytes parsers trip over. */
final class Mutator {
    private static final byte[][] TOKENS = {
        "\n".getBytes(StandardCharsets.US_ASCII), "\0".getBytes(StandardCharsets.US_ASCII),
        " ".getBytes(StandardCharsets.US_ASCII), ":".getBytes(StandardCharsets.US_ASCII),
        "../".getBytes(StandardCharsets.US_ASCII), "/../../../etc/shadow".getBytes(StandardCharsets.US_ASCII),
        "\"".getBytes(StandardCharsets.US_ASCII), "\\".getBytes(StandardCharsets.US_ASCII),
        "{".getBytes(StandardCharsets.US_ASCII), "}".getBytes(StandardCharsets.US_ASCII),
        "[".getBytes(StandardCharsets.US_ASCII), "=".getBytes(StandardCharsets.US_ASCII),
        "\n \n".getBytes(StandardCharsets.US_ASCII), "\r\n".getBytes(StandardCharsets.US_ASCII),
        "*".getBytes(StandardCharsets.US_ASCII), "%".getBytes(StandardCharsets.US_ASCII),
        {(byte) 0xff, (byte) 0xfe}, {(byte) 0xc3}, {(byte) 0x80}, {(byte) 0xe2, (byte) 0x80, (byte) 0xa8},
        {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, {(byte) 0x80, 0, 0, 0}, {0, 0, 0, 0}, {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        "9999999999999999999999".getBytes(StandardCharsets.US_ASCII), "-1".getBytes(StandardCharsets.US_ASCII),
    };

    private final Random random;
    private final int maxSize;

    Mutator(long seed, int maxSize) {
        this.random = new Random(seed);
        this.maxSize = maxSize;
    }

    Random random() {
        return random;
    }

    /** One to eight mutations of {@code input}; never longer than the bound. */
    byte[] mutate(byte[] input) {
        byte[] b = input.clone();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            b = once(b);
        }
        return b.length > maxSize ? Arrays.copyOf(b, maxSize) : b;
    }

    private byte[] once(byte[] b) {
        int len = b.length;
        int at = len == 0 ? 0 : random.nextInt(len);
        switch (random.nextInt(9)) {
            case 0 -> {
                if (len > 0) {
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
            case 1 -> {
                if (len > 0) {
                    b[at] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 2 -> {
                return Arrays.copyOf(b, at); // truncated
            }
            case 3 -> {
                int end = Math.min(len, at + 1 + random.nextInt(64));
                return concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, end, len)); // a hole
            }
            case 4 -> {
                int end = Math.min(len, at + 1 + random.nextInt(256));
                byte[] piece = Arrays.copyOfRange(b, at, end);
                int times = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 4);
                byte[] out = Arrays.copyOfRange(b, 0, end);
                for (int i = 0; i < times && out.length < maxSize; i++) {
                    out = concat(out, piece);
                }
                return concat(out, Arrays.copyOfRange(b, end, len)); // repeated
            }
            case 5 -> {
                byte[] token = TOKENS[random.nextInt(TOKENS.length)];
                return concat(concat(Arrays.copyOfRange(b, 0, at), token), Arrays.copyOfRange(b, at, len));
            }
            case 6 -> {
                byte[] token = TOKENS[random.nextInt(TOKENS.length)];
                if (at + token.length <= len) {
                    System.arraycopy(token, 0, b, at, token.length);
                }
                return b;
            }
            case 7 -> {
                byte[] junk = new byte[1 + random.nextInt(32)];
                random.nextBytes(junk);
                return concat(concat(Arrays.copyOfRange(b, 0, at), junk), Arrays.copyOfRange(b, at, len));
            }
            default -> {
                if (len < 2) {
                    return b;
                }
                int from = random.nextInt(len);
                int end = Math.min(len, from + 1 + random.nextInt(128));
                byte[] piece = Arrays.copyOfRange(b, from, end);
                return concat(concat(Arrays.copyOfRange(b, 0, at), piece), Arrays.copyOfRange(b, at, len)); // spliced
            }
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
