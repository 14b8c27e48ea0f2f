package org.hashify.kernel.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import org.hashify.kernel.os.FileStat;

/**
 * The metadata two files must share to share an object (DESIGN.md, Semantics 1): mode, uid, gid,
 * mtime unless ignored, size, and every extended attribute with its value.
 */
public record Identity(int mode, int uid, int gid, long mtimeSec, int mtimeNsec, boolean mtimeIgnored,
        long size, SortedMap<String, byte[]> xattrs) {

    public Identity {
        xattrs = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(xattrs));
    }

    public static Identity of(FileStat st, SortedMap<String, byte[]> xattrs, boolean ignoreMtime) {
        return new Identity(st.mode(), st.uid(), st.gid(),
                ignoreMtime ? 0 : st.mtimeSec(), ignoreMtime ? 0 : st.mtimeNsec(), ignoreMtime, st.size(), xattrs);
    }

    /** Eight bytes (first of a SHA-256) naming this metadata in object names. */
    public byte[] key() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        ByteBuffer b = ByteBuffer.allocate(64);
        b.putInt(1); // encoding version
        b.putInt(mode).putInt(uid).putInt(gid);
        b.put((byte) (mtimeIgnored ? 1 : 0)).putLong(mtimeSec).putInt(mtimeNsec).putLong(size);
        md.update(b.array(), 0, b.position());
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            byte[] name = x.getKey().getBytes(StandardCharsets.ISO_8859_1);
            md.update(ByteBuffer.allocate(8).putInt(name.length).putInt(x.getValue().length).array());
            md.update(name);
            md.update(x.getValue());
        }
        return Arrays.copyOf(md.digest(), 8);
    }

    /** Whether a file with stat {@code st} and these xattrs has exactly this identity. */
    public boolean matches(FileStat st, SortedMap<String, byte[]> otherXattrs) {
        if (st.mode() != mode || st.uid() != uid || st.gid() != gid || st.size() != size) {
            return false;
        }
        if (!mtimeIgnored && (st.mtimeSec() != mtimeSec || st.mtimeNsec() != mtimeNsec)) {
            return false;
        }
        if (otherXattrs.size() != xattrs.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            if (!Arrays.equals(x.getValue(), otherXattrs.get(x.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Identity other)) {
            return false;
        }
        return mode == other.mode && uid == other.uid && gid == other.gid && mtimeSec == other.mtimeSec
                && mtimeNsec == other.mtimeNsec && mtimeIgnored == other.mtimeIgnored && size == other.size
                && xattrsEqual(xattrs, other.xattrs);
    }

    private static boolean xattrsEqual(SortedMap<String, byte[]> a, SortedMap<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(mode, uid, gid, mtimeSec, mtimeNsec, size);
    }
}
