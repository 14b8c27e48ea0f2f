package org.hashify.plugin.rpm;

/**
 * The file that holds a guest's installed package headers.
 *
 * @param guestPath its guest-absolute path
 * @param format the backend that wrote it
 */
record RpmdbFile(String guestPath, RpmdbFormat format) {
    RpmdbFile {
        if (guestPath == null || !guestPath.startsWith("/")) {
            throw new IllegalArgumentException("an rpm database needs a guest-absolute path, not " + guestPath);
        }
        if (format == null) {
            throw new IllegalArgumentException("rpm database " + guestPath + " needs a format");
        }
    }
}
