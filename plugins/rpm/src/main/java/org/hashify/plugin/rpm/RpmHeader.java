package org.hashify.plugin.rpm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rpm header as an rpm database stores it: a count of index entries, the length of the data
 * store, the index entries (tag, type, offset, count; big-endian 32-bit each) and the data store.
 *
 * <p>The header is hostile input. Parsing checks the declared sizes against the bytes, and every
 * accessor checks its entry's offset and count against the data store, so garbage ends in a
 * {@link MalformedHeaderException} and never in an unchecked exception.
 */
final class RpmHeader {
    static final int TAG_NAME = 1000;
    static final int TAG_OLDFILENAMES = 1027;
    static final int TAG_FILEFLAGS = 1037;
    static final int TAG_DIRINDEXES = 1116;
    static final int TAG_BASENAMES = 1117;
    static final int TAG_DIRNAMES = 1118;

    /** rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX): nothing larger is a header rpm wrote. */
    static final int MAX_INDEX_ENTRIES = 0xFFFF;
    static final int MAX_DATA_BYTES = 0x0FFF_FFFF;

    /** The two counts in front of the index. */
    static final int PREAMBLE_BYTES = 8;
    static final int INDEX_ENTRY_BYTES = 16;

    /** The longest header within rpm's limits, preamble included. */
    static final long MAX_LENGTH = PREAMBLE_BYTES + (long) MAX_INDEX_ENTRIES * INDEX_ENTRY_BYTES + MAX_DATA_BYTES;

    private static final int TYPE_INT32 = 4;
    private static final int TYPE_STRING = 6;
    private static final int TYPE_STRING_ARRAY = 8;
    private static final int TYPE_I18NSTRING = 9;
    private static final int MAX_TYPE = 9;

    private record Entry(int tag, int type, int offset, int count) {}

    private final ByteBuffer data;
    private final Map<Integer, Entry> entries;

    private RpmHeader(ByteBuffer data, Map<Integer, Entry> entries) {
        this.data = data;
        this.entries = entries;
    }

    /**
     * Parses a header without the 8-byte magic that a {@code .rpm} file puts in front of it, as the
     * SQLite backend's {@code Packages.blob} and rpm's {@code --exportdb} after the magic hold it.
     *
     * @throws MalformedHeaderException when the bytes are not exactly one well-formed header
     */
    static RpmHeader parse(byte[] blob) throws MalformedHeaderException {
        if (blob.length < PREAMBLE_BYTES) {
            throw new MalformedHeaderException("is " + blob.length + " bytes long, too short for a header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob); // big-endian, as rpm writes headers
        long expected = expectedLength(buffer.getInt(0), buffer.getInt(4));
        if (blob.length != expected) {
            throw new MalformedHeaderException(
                    "is " + blob.length + " bytes long but its index declares " + expected + " bytes");
        }
        int indexCount = buffer.getInt(0);
        int dataStart = PREAMBLE_BYTES + indexCount * INDEX_ENTRY_BYTES;
        int dataLength = buffer.getInt(4);
        Map<Integer, Entry> entries = new HashMap<>();
        for (int i = 0; i < indexCount; i++) {
            Entry entry = readEntry(buffer, PREAMBLE_BYTES + i * INDEX_ENTRY_BYTES, dataLength);
            // Entries added after installation follow the signed region and replace a region entry
            // with the same tag, as rpm itself reads them: the later entry wins.
            entries.put(entry.tag(), entry);
        }
        return new RpmHeader(buffer.slice(dataStart, dataLength), entries);
    }

    /**
     * The total length, preamble included, of a header whose preamble declares these counts.
     *
     * @throws MalformedHeaderException when a count is negative or beyond rpm's limits
     */
    static long expectedLength(int indexCount, int dataLength) throws MalformedHeaderException {
        if (indexCount < 1 || indexCount > MAX_INDEX_ENTRIES) {
            throw new MalformedHeaderException("declares " + Integer.toUnsignedString(indexCount)
                    + " index entries, outside 1.." + MAX_INDEX_ENTRIES);
        }
        if (dataLength < 0 || dataLength > MAX_DATA_BYTES) {
            throw new MalformedHeaderException("declares " + Integer.toUnsignedString(dataLength)
                    + " data bytes, beyond rpm's limit of " + MAX_DATA_BYTES);
        }
        return PREAMBLE_BYTES + (long) indexCount * INDEX_ENTRY_BYTES + dataLength;
    }

    private static Entry readEntry(ByteBuffer buffer, int at, int dataLength) throws MalformedHeaderException {
        Entry entry = new Entry(
                buffer.getInt(at), buffer.getInt(at + 4), buffer.getInt(at + 8), buffer.getInt(at + 12));
        if (entry.type() < 0 || entry.type() > MAX_TYPE) {
            throw new MalformedHeaderException("has tag " + entry.tag() + " of unknown type " + entry.type());
        }
        if (entry.offset() < 0 || entry.offset() > dataLength) {
            throw new MalformedHeaderException("has tag " + entry.tag() + " at offset " + entry.offset()
                    + ", outside its " + dataLength + " data bytes");
        }
        if (entry.count() < 0) {
            throw new MalformedHeaderException("has tag " + entry.tag() + " with negative count " + entry.count());
        }
        return entry;
    }

    /**
     * The single string of a tag as raw text (one char per byte); an internationalised string gives
     * its first (untranslated) value.
     */
    Optional<String> string(int tag) throws MalformedHeaderException {
        Entry entry = entries.get(tag);
        if (entry == null) {
            return Optional.empty();
        }
        requireType(entry, TYPE_STRING, TYPE_I18NSTRING);
        return Optional.of(readStrings(entry.offset(), 1, entry.tag()).get(0));
    }

    /** The strings of a string-array tag as raw text (one char per byte), in order. */
    Optional<List<String>> strings(int tag) throws MalformedHeaderException {
        Entry entry = entries.get(tag);
        if (entry == null) {
            return Optional.empty();
        }
        requireType(entry, TYPE_STRING_ARRAY, TYPE_STRING_ARRAY);
        return Optional.of(readStrings(entry.offset(), entry.count(), entry.tag()));
    }

    /** The values of a 32-bit integer tag, in order. */
    Optional<int[]> ints(int tag) throws MalformedHeaderException {
        Entry entry = entries.get(tag);
        if (entry == null) {
            return Optional.empty();
        }
        requireType(entry, TYPE_INT32, TYPE_INT32);
        if (entry.offset() + 4L * entry.count() > data.limit()) {
            throw new MalformedHeaderException("has " + entry.count() + " integers of tag " + tag
                    + " running past its " + data.limit() + " data bytes");
        }
        int[] values = new int[entry.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.getInt(entry.offset() + 4 * i);
        }
        return Optional.of(values);
    }

    private static void requireType(Entry entry, int expected, int alsoAccepted) throws MalformedHeaderException {
        if (entry.type() != expected && entry.type() != alsoAccepted) {
            throw new MalformedHeaderException("has tag " + entry.tag() + " of type " + entry.type()
                    + " where type " + expected + " belongs");
        }
    }

    private List<String> readStrings(int offset, int count, int tag) throws MalformedHeaderException {
        // Every string takes at least its terminating NUL: a larger count cannot fit, so refuse it
        // before allocating anything sized by it.
        if (count > data.limit() - offset) {
            throw new MalformedHeaderException("declares " + count + " strings for tag " + tag
                    + " in " + (data.limit() - offset) + " bytes");
        }
        List<String> strings = new ArrayList<>(count);
        int at = offset;
        for (int i = 0; i < count; i++) {
            int end = at;
            while (end < data.limit() && data.get(end) != 0) {
                end++;
            }
            if (end == data.limit()) {
                throw new MalformedHeaderException("has an unterminated string in tag " + tag);
            }
            byte[] bytes = new byte[end - at];
            data.get(at, bytes);
            // Raw text, one char per byte: a file name keeps its exact bytes whatever their encoding.
            strings.add(new String(bytes, StandardCharsets.ISO_8859_1));
            at = end + 1;
        }
        return strings;
    }
}
