package org.hashify.dist.docs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Renders a man page with groff as a reader sees it in {@code man}, and collects groff's warnings. */
final class Groff {
    record Rendered(String text, String warnings) {
    }

    private Groff() {
    }

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "groff"))) {
                return true;
            }
        }
        return false;
    }

    /** Plain UTF-8 text without overstriking, 300 columns wide, all warnings on. */
    static Rendered render(String roff) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("groff", "-k", "-man", "-Tutf8", "-ww", "-P-cbou", "-rLL=300n")
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(roff.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("groff failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return new Rendered(new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Whitespace collapsed and typographic dashes and quotes made ASCII, for comparing with --help's text. */
    static String normalize(String s) {
        return s.replaceAll("[\u2010\u2011\u2212]", "-").replaceAll("[\u2018\u2019]", "'")
                .replaceAll("[\u201c\u201d]", "\"").replaceAll("\\s+", " ").strip();
    }
}
