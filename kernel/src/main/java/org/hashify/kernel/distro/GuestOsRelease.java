package org.hashify.kernel.distro;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hashify.api.GuestFiles;
import org.hashify.api.GuestFiles.EntryKind;

/**
 * Finds a guest's os-release file without following a symbolic link: {@code /etc/os-release},
 * else {@code /usr/lib/os-release}.
 *
 * <p>On Debian, Fedora and others {@code /etc/os-release} is a relative link to
 * {@code ../usr/lib/os-release}. Resolving it would mean interpreting a guest-controlled link, so
 * the vendor's copy in {@code /usr/lib} is read instead. An {@code /etc/os-release} that cannot be
 * parsed is reported and the {@code /usr/lib} copy tried too, since it is an equally fair witness.
 */
final class GuestOsRelease {
    static final String ETC = "/etc/os-release";
    static final String USR_LIB = "/usr/lib/os-release";

    /**
     * @param release the parsed file
     * @param path the guest path it was read from
     * @param note why an earlier file was passed over, or empty
     */
    record Found(OsRelease release, String path, String note) {
    }

    private GuestOsRelease() {
    }

    /**
     * The guest's os-release, or empty; every problem met is added to {@code warnings}, and what was
     * seen (for an "unknown distribution" message) to {@code looked}.
     */
    static Optional<Found> read(GuestFiles guest, List<String> warnings, List<String> looked) {
        String note = "";
        for (String path : List.of(ETC, USR_LIB)) {
            String where = "guest " + guest.guestName() + ": " + path;
            EntryKind kind;
            try {
                kind = guest.kind(path);
            } catch (IOException e) {
                warnings.add(problem(where, "cannot be examined", e));
                looked.add(path + " unreadable");
                continue;
            }
            switch (kind) {
                case MISSING -> looked.add(path + " missing");
                case SYMLINK -> {
                    looked.add(path + " a symbolic link (not followed)");
                    note = note.isEmpty() ? path + " is a symbolic link, not followed" : note;
                }
                case DIRECTORY, OTHER -> {
                    warnings.add(where + " is not a regular file; ignored it");
                    looked.add(path + " not a regular file");
                }
                case REGULAR -> {
                    Optional<OsRelease> release = parse(guest, path, where, warnings, looked);
                    if (release.isPresent()) {
                        return Optional.of(new Found(release.get(), path, note));
                    }
                    note = note.isEmpty() ? path + " is unusable" : note;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<OsRelease> parse(GuestFiles guest, String path, String where, List<String> warnings,
            List<String> looked) {
        try {
            Optional<byte[]> bytes = guest.read(path, OsRelease.MAX_BYTES);
            if (bytes.isEmpty()) {
                looked.add(path + " missing");
                return Optional.empty();
            }
            OsRelease release = OsRelease.parse(where, bytes.get());
            if (!release.ignoredLines().isEmpty()) {
                warnings.add(where + ": " + lines(release.ignoredLines()) + " not KEY=value; ignored "
                        + (release.ignoredLines().size() == 1 ? "it" : "them"));
            }
            return Optional.of(release);
        } catch (IOException e) {
            warnings.add(problem(where, "cannot be read", e) + "; looking further");
        } catch (OsReleaseException e) {
            warnings.add(e.getMessage() + "; looking further");
        }
        looked.add(path + " unusable");
        return Optional.empty();
    }

    /** The exception's message, with the guest and path in front unless it names them already. */
    static String problem(String where, String what, IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith(where) ? message : where + " " + what + ": " + message;
    }

    private static String lines(List<Integer> numbers) {
        String joined = numbers.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "));
        return (numbers.size() == 1 ? "line " : "lines ") + joined + (numbers.size() > 10 ? " and more" : "")
                + (numbers.size() == 1 ? " is" : " are");
    }
}
