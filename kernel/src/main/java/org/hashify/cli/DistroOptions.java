package org.hashify.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hashify.kernel.distro.DescriptorException;
import org.hashify.kernel.distro.DistroCatalog;
import picocli.CommandLine.Option;

/** Where distribution descriptors come from: the distribution's own, the host's, and any named. */
final class DistroOptions {
    @Option(names = "--distro-dir", paramLabel = "DIR",
            description = "Also read distribution descriptors (*.json) from DIR (repeatable; later ones win). Always "
                + "read: the distribution's distros/ directory and /etc/hashify/distros.d.")
    List<Path> extra = new ArrayList<>();

    List<Path> directories() {
        List<Path> dirs = new ArrayList<>();
        String home = System.getProperty("hashify.home");
        if (home != null) {
            dirs.add(Path.of(home, "distros"));
        }
        dirs.add(DistroCatalog.DEFAULT_USER_DIR);
        dirs.addAll(extra);
        return dirs;
    }

    DistroCatalog load() throws UserError {
        try {
            return DistroCatalog.load(directories());
        } catch (DescriptorException e) {
            throw new UserError(ExitCode.BAD_INPUT, e.getMessage(), e);
        }
    }
}
