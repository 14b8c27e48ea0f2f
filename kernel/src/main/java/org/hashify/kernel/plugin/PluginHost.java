package org.hashify.kernel.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hashify.api.DistroDetector;
import org.hashify.api.GuestRuntime;
import org.hashify.api.PackageManager;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The plugins of one hashify process: every jar in the given directories, loaded one by one so
 * that a broken or incompatible jar costs only itself, and reported in one line naming the jar.
 */
public final class PluginHost implements AutoCloseable {
    private static final String[] EXTENSION_POINTS = {PackageManager.class.getName(), DistroDetector.class.getName(),
        GuestRuntime.class.getName()};

    private final JarPluginManager manager;
    private final List<String> problems;
    private final Map<String, PackageManager> packageManagers;
    private final List<DistroDetector> distroDetectors;
    private final Map<String, GuestRuntime> runtimes;

    private PluginHost(JarPluginManager manager, List<String> problems, Map<String, PackageManager> packageManagers,
            List<DistroDetector> distroDetectors, Map<String, GuestRuntime> runtimes) {
        this.manager = manager;
        this.problems = problems;
        this.packageManagers = packageManagers;
        this.distroDetectors = distroDetectors;
        this.runtimes = runtimes;
    }

    /**
     * Loads and starts the plugin jars found directly in {@code directories}; directories that do
     * not exist are skipped.
     *
     * @param systemVersion hashify's version, checked against a plugin's {@code Plugin-Requires}
     */
    public static PluginHost load(List<Path> directories, String systemVersion) {
        List<Path> roots = directories.stream().filter(Files::isDirectory).toList();
        JarPluginManager manager = new JarPluginManager(roots.toArray(Path[]::new));
        manager.setSystemVersion(systemVersion);
        List<String> problems = new ArrayList<>();
        for (Path jar : jars(roots, problems)) {
            try {
                manager.loadPlugin(jar);
            } catch (RuntimeException | LinkageError e) {
                problems.add("Plugin " + jar + " cannot be loaded: " + reason(e) + ". Remove or replace the jar; the "
                        + "other plugins still work.");
            }
        }
        for (PluginWrapper p : new ArrayList<>(manager.getPlugins())) {
            try {
                PluginState state = manager.startPlugin(p.getPluginId());
                if (state != PluginState.STARTED) {
                    problems.add("Plugin " + p.getPluginPath() + " (" + p.getPluginId() + ") was not started: it is "
                            + state.toString().toLowerCase() + reasonOf(p) + ".");
                }
            } catch (RuntimeException | LinkageError e) {
                problems.add("Plugin " + p.getPluginPath() + " (" + p.getPluginId() + ") failed to start: " + reason(e) + ".");
            }
        }
        Map<String, PackageManager> pms = byId(extensions(manager, PackageManager.class, problems), PackageManager::id,
                "package manager", problems);
        Map<String, GuestRuntime> runtimes = byId(extensions(manager, GuestRuntime.class, problems), GuestRuntime::id,
                "guest runtime", problems);
        List<DistroDetector> detectors = extensions(manager, DistroDetector.class, problems);
        return new PluginHost(manager, List.copyOf(problems), pms, List.copyOf(detectors), runtimes);
    }

    private static List<Path> jars(List<Path> roots, List<String> problems) {
        List<Path> jars = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted()
                        .forEach(jars::add);
            } catch (IOException e) {
                problems.add("Plugin directory " + root + " cannot be read: " + e.getMessage() + ".");
            }
        }
        return jars;
    }

    private static <T> List<T> extensions(JarPluginManager manager, Class<T> type, List<String> problems) {
        List<T> result = new ArrayList<>();
        for (PluginWrapper p : manager.getStartedPlugins()) {
            List<Class<? extends T>> classes;
            try {
                classes = manager.getExtensionClasses(type, p.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                problems.add("Plugin " + p.getPluginPath() + " (" + p.getPluginId() + "): its " + type.getSimpleName()
                        + " extensions cannot be listed: " + reason(e) + ".");
                continue;
            }
            for (Class<? extends T> c : classes) {
                try {
                    result.add(manager.getExtensionFactory().create(c));
                } catch (RuntimeException | LinkageError e) {
                    problems.add("Plugin " + p.getPluginPath() + " (" + p.getPluginId() + "): extension " + c.getName()
                            + " cannot be created: " + reason(e) + ".");
                }
            }
        }
        return result;
    }

    /** Extensions by their id; a second one with the same id, or one that cannot say its id, is reported. */
    private static <T> Map<String, T> byId(List<T> extensions, java.util.function.Function<T, String> id, String what,
            List<String> problems) {
        Map<String, T> result = new LinkedHashMap<>();
        for (T e : extensions) {
            String key;
            try {
                key = id.apply(e);
            } catch (RuntimeException | LinkageError ex) {
                problems.add("The " + what + " " + e.getClass().getName() + " failed to say its id: " + reason(ex) + ".");
                continue;
            }
            if (key == null || key.isBlank()) {
                problems.add("The " + what + " " + e.getClass().getName() + " has no id; it is ignored.");
            } else if (result.putIfAbsent(key, e) != null) {
                problems.add("Two plugins provide " + what + " \"" + key + "\"; using the first, "
                        + result.get(key).getClass().getName() + ", not " + e.getClass().getName() + ".");
            }
        }
        return Collections.unmodifiableMap(result);
    }

    private static String reasonOf(PluginWrapper p) {
        Throwable t = p.getFailedException();
        return t == null ? "" : " (" + reason(t) + ")";
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        String text = (msg == null || msg.isBlank()) ? root.getClass().getSimpleName() : msg;
        return text.replace('\n', ' ');
    }

    /** Package managers by id. */
    public Map<String, PackageManager> packageManagers() {
        return packageManagers;
    }

    /** Guest runtimes by id. */
    public Map<String, GuestRuntime> runtimes() {
        return runtimes;
    }

    public List<DistroDetector> distroDetectors() {
        return distroDetectors;
    }

    /** One line per jar or extension that could not be used. */
    public List<String> problems() {
        return problems;
    }

    /** Every plugin pf4j knows, with its state and extensions. */
    public List<PluginInfo> plugins() {
        List<PluginInfo> result = new ArrayList<>();
        for (PluginWrapper p : manager.getPlugins()) {
            List<String> extensions = new ArrayList<>();
            if (p.getPluginState() == PluginState.STARTED) {
                for (String point : EXTENSION_POINTS) {
                    for (String cls : manager.getExtensionClassNames(p.getPluginId())) {
                        if (implementsPoint(p, cls, point)) {
                            extensions.add(point.substring(point.lastIndexOf('.') + 1) + ": " + cls);
                        }
                    }
                }
            }
            var d = p.getDescriptor();
            result.add(new PluginInfo(p.getPluginId(), d.getVersion(), d.getProvider(), String.valueOf(p.getPluginPath()),
                    p.getPluginState().toString().toLowerCase(), extensions));
        }
        return result;
    }

    private static boolean implementsPoint(PluginWrapper p, String cls, String point) {
        try {
            Class<?> c = p.getPluginClassLoader().loadClass(cls);
            Class<?> pt = PluginHost.class.getClassLoader().loadClass(point);
            return pt.isAssignableFrom(c);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void close() {
        // One by one over a copy: stopPlugins() of some pf4j versions trips over its own list.
        for (PluginWrapper p : new ArrayList<>(manager.getStartedPlugins())) {
            try {
                manager.stopPlugin(p.getPluginId());
            } catch (RuntimeException e) {
                // stopping is best effort at exit; nothing is written by a plugin
            }
        }
        manager.unloadPlugins();
    }
}
