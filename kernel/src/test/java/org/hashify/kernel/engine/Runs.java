package org.hashify.kernel.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hashify.kernel.store.Store;
import org.hashify.kernel.store.StoreException;
import org.hashify.kernel.walk.ExcludeList;
import org.hashify.kernel.walk.Unit;

/** Runs the engine the way the command line does, for tests. */
final class Runs {
    static final Hashifier.Options DEFAULT = new Hashifier.Options(16, false, false, 2);
    static final Hashifier.Options DRY = new Hashifier.Options(16, false, true, 2);

    private Runs() {
    }

    static RunReport run(Path store, Hashifier.Options options, ExcludeList excludes, Path... guests)
            throws IOException, StoreException {
        return run(store, options, excludes, u -> { }, guests);
    }

    static RunReport run(Path store, Hashifier.Options options, Path... guests) throws IOException, StoreException {
        return run(store, options, ExcludeList.builtIn(), guests);
    }

    static RunReport run(Path store, Hashifier.Options options, ExcludeList excludes, Consumer<Unit> beforePlacing,
            Path... guests) throws IOException, StoreException {
        List<GuestSpec> specs = new ArrayList<>();
        for (Path g : guests) {
            specs.add(new GuestSpec(g.getFileName().toString(), g, excludes));
        }
        try (Store s = options.dryRun() ? Store.openReadOnly(store, true) : Store.openForWriting(store, "test")) {
            Hashifier h = new Hashifier(s, options, Hashifier.Progress.NONE);
            h.beforePlacing(beforePlacing);
            return h.run(specs);
        }
    }

    /** Whether every extent of the file is marked shared, as filefrag (FIEMAP) reports it. */
    static boolean allExtentsShared(Path file) throws Exception {
        Process p = new ProcessBuilder("filefrag", "-v", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        long extents = out.lines().filter(l -> l.matches("\\s*\\d+:.*")).count();
        long shared = out.lines().filter(l -> l.matches("\\s*\\d+:.*") && l.contains("shared")).count();
        return extents > 0 && extents == shared;
    }

    static long ino(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    static int nlink(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    }

    static GuestReport guest(RunReport r, String name) {
        return r.guests().stream().filter(g -> g.name.equals(name)).findFirst().orElseThrow();
    }
}
