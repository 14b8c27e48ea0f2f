package org.hashify.kernel.store;

import java.util.HexFormat;
import org.hashify.kernel.os.FileStat;

/**
 * A guest file that shares its extents with an object (dedupe mode), as it was when it was done:
 * a file whose stat still matches needs no new comparison by the kernel.
 *
 * @param rawPath the guest-absolute path, one char per byte
 */
public record DedupeRecord(ObjectName object, long ino, long size, long mtimeSec, int mtimeNsec, long ctimeSec,
        int ctimeNsec, String rawPath) {

    public static DedupeRecord of(ObjectName object, FileStat st, String rawPath) {
        return new DedupeRecord(object, st.ino(), st.size(), st.mtimeSec(), st.mtimeNsec(), st.ctimeSec(), st.ctimeNsec(),
                rawPath);
    }

    /** Whether the file is the same inode, unwritten and unchanged since it was deduplicated. */
    public boolean matches(FileStat st) {
        return st.ino() == ino && st.size() == size && st.mtimeSec() == mtimeSec && st.mtimeNsec() == mtimeNsec
                && st.ctimeSec() == ctimeSec && st.ctimeNsec() == ctimeNsec;
    }

    String line() {
        return object.fileName() + "\t" + ino + "\t" + size + "\t" + mtimeSec + "." + mtimeNsec + "\t" + ctimeSec + "."
                + ctimeNsec + "\t" + HexFormat.of().formatHex(rawPath.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** Parses {@link #line()}; null for a line that is not one. */
    static DedupeRecord parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 6) {
            return null;
        }
        try {
            ObjectName name = ObjectName.parse(f[0]);
            String[] m = f[3].split("\\.");
            String[] c = f[4].split("\\.");
            if (name == null || m.length != 2 || c.length != 2) {
                return null;
            }
            return new DedupeRecord(name, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(m[0]),
                    Integer.parseInt(m[1]), Long.parseLong(c[0]), Integer.parseInt(c[1]),
                    new String(HexFormat.of().parseHex(f[5]), java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
