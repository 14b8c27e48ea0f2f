package org.hashify.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hashify.kernel.plugin.PluginHost;
import picocli.CommandLine.Option;

/** Where plugins come from: the distribution's own, the host's, and any named on the command line. */
final class PluginOptions {
    static final Path HOST_PLUGINS = Path.of("/etc/hashify/plugins");

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "Also load plugin jars from DIR (repeatable). Always loaded: the distribution's plugins/ "
                + "directory and " + "/etc/hashify/plugins.")
    List<Path> extra = new ArrayList<>();

    List<Path> directories() {
        List<Path> dirs = new ArrayList<>();
        String home = System.getProperty("hashify.home");
        if (home != null) {
            dirs.add(Path.of(home, "plugins"));
        }
        dirs.add(HOST_PLUGINS);
        dirs.addAll(extra);
        return dirs;
    }

    PluginHost load() {
        return PluginHost.load(directories(), version());
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        if (v == null) {
            return "0.0.0";
        }
        return v.replace("-SNAPSHOT", "");
    }
}
