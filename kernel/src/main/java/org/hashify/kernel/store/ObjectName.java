package org.hashify.kernel.store;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The name of a store object: the SHA-256 of its content, the key of the metadata that must match
 * for sharing, and a twin number for objects that reached the filesystem's link limit.
 *
 * <p>On disk: {@code objects/ab/abcd...(64 hex)-<16 hex key>[.<twin>]}: 256 directories, a few thousand
 * objects each for a million objects.
 */
public record ObjectName(String contentHex, String metaKeyHex, int twin) implements Comparable<ObjectName> {
    private static final HexFormat HEX = HexFormat.of();

    public ObjectName {
        Objects.requireNonNull(contentHex);
        Objects.requireNonNull(metaKeyHex);
        if (contentHex.length() != 64 || !isLowerHex(contentHex)) {
            throw new IllegalArgumentException("not a SHA-256 in hex: " + contentHex);
        }
        if (metaKeyHex.length() != 16 || !isLowerHex(metaKeyHex)) {
            throw new IllegalArgumentException("not a 16-digit metadata key: " + metaKeyHex);
        }
        if (twin < 0) {
            throw new IllegalArgumentException("negative twin number " + twin);
        }
    }

    public static ObjectName of(byte[] contentDigest, byte[] metaKey) {
        return new ObjectName(HEX.formatHex(contentDigest), HEX.formatHex(metaKey, 0, 8), 0);
    }

    /** Parses a file name found in an objects directory; null when it is not an object's name. */
    public static ObjectName parse(String fileName) {
        if (fileName.length() < 81 || fileName.charAt(64) != '-') {
            return null;
        }
        String content = fileName.substring(0, 64);
        String key = fileName.substring(65, 81);
        int twin = 0;
        if (fileName.length() > 81) {
            if (fileName.charAt(81) != '.' || fileName.length() > 91) {
                return null;
            }
            String digits = fileName.substring(82);
            if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
                return null;
            }
            twin = Integer.parseInt(digits);
            if (twin == 0) {
                return null;
            }
        }
        if (!isLowerHex(content) || !isLowerHex(key)) {
            return null;
        }
        return new ObjectName(content, key, twin);
    }

    public ObjectName nextTwin() {
        return new ObjectName(contentHex, metaKeyHex, twin + 1);
    }

    /** The same content and metadata, whatever the twin number. */
    public boolean sameIdentity(ObjectName other) {
        return contentHex.equals(other.contentHex) && metaKeyHex.equals(other.metaKeyHex);
    }

    public String fileName() {
        return contentHex + "-" + metaKeyHex + (twin == 0 ? "" : "." + twin);
    }

    public byte[] fileNameBytes() {
        return fileName().getBytes(StandardCharsets.US_ASCII);
    }

    /** The directory of {@code objects/} that holds it: the first two hex digits. */
    public String directory() {
        return contentHex.substring(0, 2);
    }

    /** Relative path inside the store, for messages and listings. */
    public String relativePath() {
        return "objects/" + directory() + "/" + fileName();
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(ObjectName o) {
        int c = contentHex.compareTo(o.contentHex);
        if (c == 0) {
            c = metaKeyHex.compareTo(o.metaKeyHex);
        }
        return c != 0 ? c : Integer.compare(twin, o.twin);
    }

    @Override
    public String toString() {
        return relativePath();
    }
}
