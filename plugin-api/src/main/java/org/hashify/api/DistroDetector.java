package org.hashify.api;

import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Recognises a distribution that no descriptor can describe (one whose style files say nothing
 * a descriptor could match). Consulted after the explicit override and before the descriptors.
 */
public interface DistroDetector extends ExtensionPoint {

    /** The distribution of the guest, or empty when this detector does not recognise it. */
    Optional<DetectedDistro> detect(GuestFiles guest);

    /**
     * @param id a descriptor's id when one applies ("debian"), else the detector's own name
     * @param version the distribution's version as the guest states it, or empty
     * @param packageManager the {@link PackageManager#id()} that keeps its database
     * @param evidence the file and line that told, for {@code hashify detect}
     */
    record DetectedDistro(String id, String version, String packageManager, String evidence) {
        public DetectedDistro {
            if (id == null || id.isBlank() || packageManager == null || packageManager.isBlank()) {
                throw new IllegalArgumentException("a detected distribution needs an id and a package manager");
            }
            version = version == null ? "" : version;
            evidence = evidence == null ? "" : evidence;
        }
    }
}
