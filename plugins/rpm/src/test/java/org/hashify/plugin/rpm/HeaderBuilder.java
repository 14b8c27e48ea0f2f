package org.hashify.plugin.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds rpm header blobs in code, the way rpm lays them out, including deliberately wrong ones. */
final class HeaderBuilder {
    private record Entry(int tag, int type, int offset, int count) {}

    private final List<Entry> entries = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /** A header for an installed package with new-style file names and the given file flags. */
    static HeaderBuilder pkg(String name, List<String> dirs, int[] dirIndexes, List<String> baseNames, int[] flags) {
        return new HeaderBuilder()
                .string(RpmHeader.TAG_NAME, name)
                .stringArray(RpmHeader.TAG_BASENAMES, baseNames)
                .stringArray(RpmHeader.TAG_DIRNAMES, dirs)
                .int32(RpmHeader.TAG_DIRINDEXES, dirIndexes)
                .int32(RpmHeader.TAG_FILEFLAGS, flags);
    }

    HeaderBuilder string(int tag, String value) {
        return raw(tag, 6, data.size(), 1, nulTerminated(List.of(value)));
    }

    HeaderBuilder stringArray(int tag, List<String> values) {
        return raw(tag, 8, data.size(), values.size(), nulTerminated(values));
    }

    HeaderBuilder int32(int tag, int... values) {
        while (data.size() % 4 != 0) {
            data.write(0); // rpm aligns integers in the data store
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length);
        for (int value : values) {
            bytes.putInt(value);
        }
        return raw(tag, 4, data.size(), values.length, bytes.array());
    }

    /** An index entry with any type, offset and count, followed by {@code payload} in the data store. */
    HeaderBuilder raw(int tag, int type, int offset, int count, byte[] payload) {
        entries.add(new Entry(tag, type, offset, count));
        data.writeBytes(payload);
        return this;
    }

    /** The header as an SQLite rpm database stores it: no magic. */
    byte[] build() {
        byte[] store = data.toByteArray();
        ByteBuffer blob = ByteBuffer.allocate(8 + 16 * entries.size() + store.length);
        blob.putInt(entries.size()).putInt(store.length);
        for (Entry e : entries) {
            blob.putInt(e.tag()).putInt(e.type()).putInt(e.offset()).putInt(e.count());
        }
        return blob.put(store).array();
    }

    /** The header as {@code rpmdb --exportdb} writes it: magic first. */
    byte[] buildWithMagic() {
        byte[] blob = build();
        byte[] out = new byte[HeaderStream.MAGIC.length + blob.length];
        System.arraycopy(HeaderStream.MAGIC, 0, out, 0, HeaderStream.MAGIC.length);
        System.arraycopy(blob, 0, out, HeaderStream.MAGIC.length, blob.length);
        return out;
    }

    private static byte[] nulTerminated(List<String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String value : values) {
            out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }
}
