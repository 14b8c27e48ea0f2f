package org.hashify.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bin/hashify starts the JVM with: the class-data sharing archive 'mvn package' wrote, and the JIT. */
class LauncherIT {
    private static final String FROM_ARCHIVE = "org.hashify.cli.Main source: shared objects file";

    @TempDir
    Path tmp;

    private static Hashify.Result version(Path home, String javaOptions) throws Exception {
        return Hashify.exec(List.of(System.getProperty("hashify.launcher"), "--version"),
                Map.of("HASHIFY_HOME", home.toString(), "HASHIFY_JAVA_OPTS", javaOptions));
    }

    @Test
    void theBuildsArchiveIsMappedAndHoldsHashifysClasses() throws Exception {
        Path home = Path.of(System.getProperty("hashify.home"));
        assertTrue(Files.size(home.resolve("hashify.jsa")) > 1_000_000, "mvn package wrote hashify.jsa");
        // -Xshare:on makes the JVM refuse to start when it cannot map the archive.
        Hashify.Result r = version(home, "-Xshare:on -Xlog:class+load=info");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains(FROM_ARCHIVE), r.out().lines().filter(l -> l.contains("org.hashify")).toList()
                .toString());
    }

    @Test
    void anArchiveForOtherJarsIsIgnoredQuietlyAndMakeCdsWritesANewOne() throws Exception {
        Path copy = tmp.resolve("dist");
        Hashify.Result cp = Hashify.exec("cp", "-a", System.getProperty("hashify.home"), copy.toString());
        assertEquals(0, cp.status(), cp.err());
        // The copied archive names the jars at their old paths: the JVM must not use it, and say nothing.
        Hashify.Result stale = version(copy, "-Xlog:class+load=info");
        assertEquals(0, stale.status(), stale.err());
        assertEquals("", stale.err());
        assertFalse(stale.out().contains(FROM_ARCHIVE), "an archive made for other jar paths was used");
        assertTrue(stale.out().contains("hashify "), stale.out());

        Path script = Path.of(System.getProperty("hashify.launcher")).getParent().resolve("../distros/cds/make-cds");
        Hashify.Result made = Hashify.exec(List.of("sh", script.toString(), System.getProperty("hashify.launcher"),
                copy.resolve("hashify.jsa").toString()), Map.of("HASHIFY_HOME", copy.toString()));
        assertEquals(0, made.status(), made.err());
        Hashify.Result fresh = version(copy, "-Xshare:on -Xlog:class+load=info");
        assertEquals(0, fresh.status(), fresh.err());
        assertTrue(fresh.out().contains(FROM_ARCHIVE), "make-cds wrote an archive the copy starts from");
        try (Stream<Path> s = Files.list(copy)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".tmp")).toList(),
                    "make-cds left its temporary archive");
        }
    }

    @Test
    void withLibcryptoHashingIsOpenSslsAndTheJitIsC1Only() throws Exception {
        boolean libcrypto;
        try (Stream<Path> s = Stream.of("/usr/lib", "/lib", "/usr/lib64").map(Path::of).filter(Files::isDirectory)
                .flatMap(LauncherIT::twoLevels)) {
            libcrypto = s.anyMatch(p -> p.getFileName().toString().matches("libcrypto\\.so\\.(3|1\\.1)"));
        }
        assumeTrue(libcrypto, "no libcrypto.so.3 or .so.1.1 on this machine");
        Hashify.Result r = version(Path.of(System.getProperty("hashify.home")), "-XX:+PrintFlagsFinal");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("SHA-256 by OpenSSL libcrypto"), r.out().lines().filter(l -> l.contains("SHA"))
                .toList().toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s*intx TieredStopAtLevel\\s+= 1\\s.*")),
                r.out().lines().filter(l -> l.contains("TieredStopAtLevel")).toList().toString());
    }

    private static Stream<Path> twoLevels(Path dir) {
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.toList().stream();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return Stream.empty();
        }
    }
}
