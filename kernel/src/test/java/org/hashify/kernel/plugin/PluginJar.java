package org.hashify.kernel.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar outside the reactor: compiles Java sources against the class path the
 * tests run with (plugin-api, pf4j), runs pf4j's annotation processor, and writes the manifest.
 */
public final class PluginJar {
    private final String id;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();

    public PluginJar(String id) {
        this.id = id;
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", "1.0.0");
        manifest.put("Plugin-Provider", "a test");
    }

    /** Adds a class; {@code name} is its fully qualified name. */
    public PluginJar source(String name, String code) {
        sources.put(name, code);
        return this;
    }

    public PluginJar manifest(String key, String value) {
        if (value == null) {
            manifest.remove(key);
        } else {
            manifest.put(key, value);
        }
        return this;
    }

    public Path build(Path dir) throws IOException {
        Path work = Files.createTempDirectory(dir, "build-" + id);
        Path src = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path"), "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor",
                "-Xlint:none"));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path f = src.resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, s.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("the test plugin " + id + " did not compile");
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().put(new Attributes.Name(k), v));
        Path jar = dir.resolve(id + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
            }
        }
        return jar;
    }

    public static Path garbage(Path dir, String name) throws IOException {
        Path jar = dir.resolve(name);
        Files.write(jar, "this is not a zip file".getBytes(StandardCharsets.UTF_8));
        return jar;
    }
}
