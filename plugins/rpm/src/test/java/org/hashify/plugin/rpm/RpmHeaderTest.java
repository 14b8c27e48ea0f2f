package org.hashify.plugin.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RpmHeaderTest {

    private static byte[] sample() {
        return HeaderBuilder.pkg("alpha", List.of("/etc/", "/usr/bin/"), new int[] {0, 1, 0},
                List.of("alpha.conf", "alpha", "other.conf"), new int[] {1, 0, 17}).build();
    }

    @Test
    void readsStringsAndIntegers() throws Exception {
        RpmHeader header = RpmHeader.parse(sample());

        assertEquals(Optional.of("alpha"), header.string(RpmHeader.TAG_NAME));
        assertEquals(List.of("/etc/", "/usr/bin/"), header.strings(RpmHeader.TAG_DIRNAMES).orElseThrow());
        assertArrayEquals(new int[] {1, 0, 17}, header.ints(RpmHeader.TAG_FILEFLAGS).orElseThrow());
        assertTrue(header.strings(RpmHeader.TAG_OLDFILENAMES).isEmpty());
    }

    @Test
    void laterEntryForTheSameTagWins() throws Exception {
        // rpm appends entries changed after installation behind the signed region; they replace the old ones.
        byte[] blob = new HeaderBuilder().string(RpmHeader.TAG_NAME, "old").string(RpmHeader.TAG_NAME, "new").build();

        assertEquals(Optional.of("new"), RpmHeader.parse(blob).string(RpmHeader.TAG_NAME));
    }

    @Test
    void refusesEveryTruncation() {
        byte[] blob = sample();
        for (int length = 0; length < blob.length; length++) {
            byte[] cut = Arrays.copyOf(blob, length);
            assertThrows(MalformedHeaderException.class, () -> RpmHeader.parse(cut), "length " + length);
        }
    }

    @Test
    void refusesTrailingBytes() {
        byte[] longer = Arrays.copyOf(sample(), sample().length + 1);

        MalformedHeaderException e = assertThrows(MalformedHeaderException.class, () -> RpmHeader.parse(longer));
        assertTrue(e.getMessage().contains("declares"), e.getMessage());
    }

    @Test
    void refusesAbsurdCounts() {
        byte[] hugeIndex = ByteBuffer.allocate(8).putInt(0x7FFF_FFFF).putInt(0).array();
        byte[] negativeData = ByteBuffer.allocate(8).putInt(1).putInt(-1).array();

        assertThrows(MalformedHeaderException.class, () -> RpmHeader.parse(hugeIndex));
        assertThrows(MalformedHeaderException.class, () -> RpmHeader.parse(negativeData));
    }

    @Test
    void refusesEntriesOutsideTheDataStore() throws Exception {
        byte[] offsetBeyond = new HeaderBuilder().raw(RpmHeader.TAG_NAME, 6, 99, 1, new byte[] {'a', 0}).build();
        byte[] unterminated = new HeaderBuilder().raw(RpmHeader.TAG_NAME, 6, 0, 1, new byte[] {'a', 'b'}).build();
        byte[] tooManyInts = new HeaderBuilder().raw(RpmHeader.TAG_FILEFLAGS, 4, 0, 3, new byte[8]).build();
        byte[] hugeStringCount = new HeaderBuilder()
                .raw(RpmHeader.TAG_BASENAMES, 8, 0, Integer.MAX_VALUE, new byte[] {'a', 0}).build();

        assertThrows(MalformedHeaderException.class, () -> RpmHeader.parse(offsetBeyond));
        RpmHeader noTerminator = RpmHeader.parse(unterminated);
        assertThrows(MalformedHeaderException.class, () -> noTerminator.string(RpmHeader.TAG_NAME));
        RpmHeader shortInts = RpmHeader.parse(tooManyInts);
        assertThrows(MalformedHeaderException.class, () -> shortInts.ints(RpmHeader.TAG_FILEFLAGS));
        RpmHeader manyStrings = RpmHeader.parse(hugeStringCount);
        assertThrows(MalformedHeaderException.class, () -> manyStrings.strings(RpmHeader.TAG_BASENAMES));
    }

    @Test
    void refusesWrongTypes() throws Exception {
        RpmHeader header = RpmHeader.parse(new HeaderBuilder().int32(RpmHeader.TAG_NAME, 7).build());

        assertThrows(MalformedHeaderException.class, () -> header.string(RpmHeader.TAG_NAME));
        byte[] unknownType = new HeaderBuilder().raw(RpmHeader.TAG_NAME, 42, 0, 1, new byte[] {0}).build();
        assertThrows(MalformedHeaderException.class, () -> RpmHeader.parse(unknownType));
    }

    /** Garbled headers end in MalformedHeaderException or a result, never in another exception. */
    @Test
    void survivesGarbage() {
        Random random = new Random(20261122);
        byte[] valid = sample();
        for (int round = 0; round < 20_000; round++) {
            byte[] garbled = round % 10 == 0 ? randomBytes(random, valid.length) : mutate(random, valid);
            try {
                ConfigFileExtractor.extract(RpmHeader.parse(garbled));
            } catch (MalformedHeaderException expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + " escaped with " + e, e);
            }
        }
    }

    private static byte[] mutate(Random random, byte[] valid) {
        byte[] copy = valid.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(copy.length);
            // Aim at the index half the time: that is where offsets and counts live.
            if (random.nextBoolean()) {
                at = random.nextInt(Math.min(copy.length, 8 + 16 * 5));
            }
            copy[at] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] randomBytes(Random random, int max) {
        byte[] bytes = new byte[random.nextInt(max)];
        random.nextBytes(bytes);
        return bytes;
    }
}
