package org.hashify.plugin.rpm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Splits a stream of rpm headers, each preceded by the 8-byte header magic as {@code rpmdb
 * --exportdb} writes them, into header blobs without the magic. Sizes are checked before anything
 * sized by them is allocated.
 */
final class HeaderStream {
    /** The magic in front of a header in a stream or a {@code .rpm} file: 8e ad e8, version 1, four reserved bytes. */
    static final byte[] MAGIC = {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01, 0, 0, 0, 0};

    private final InputStream in;

    HeaderStream(InputStream in) {
        this.in = in;
    }

    /**
     * The next header blob, or empty at the end of the stream.
     *
     * @throws MalformedHeaderException when the stream ends inside a header or a header lacks the magic
     */
    Optional<byte[]> next() throws IOException, MalformedHeaderException {
        byte[] lead = in.readNBytes(MAGIC.length + RpmHeader.PREAMBLE_BYTES);
        if (lead.length == 0) {
            return Optional.empty();
        }
        if (lead.length < MAGIC.length + RpmHeader.PREAMBLE_BYTES) {
            throw new MalformedHeaderException("is cut short after " + lead.length + " bytes");
        }
        if (!Arrays.equals(lead, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new MalformedHeaderException("does not start with the rpm header magic");
        }
        ByteBuffer preamble = ByteBuffer.wrap(lead, MAGIC.length, RpmHeader.PREAMBLE_BYTES);
        long length = RpmHeader.expectedLength(preamble.getInt(), preamble.getInt());
        // rpm's limits keep a header far below 2 GiB, so the length fits an array.
        byte[] blob = new byte[(int) length];
        System.arraycopy(lead, MAGIC.length, blob, 0, RpmHeader.PREAMBLE_BYTES);
        int rest = blob.length - RpmHeader.PREAMBLE_BYTES;
        int read = in.readNBytes(blob, RpmHeader.PREAMBLE_BYTES, rest);
        if (read < rest) {
            throw new MalformedHeaderException(
                    "is cut short: " + read + " of its " + rest + " index and data bytes follow");
        }
        return Optional.of(blob);
    }
}
