package org.hashify.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hashify.kernel.engine.GuestPackages;
import org.hashify.kernel.engine.GuestReport;
import org.hashify.kernel.engine.RunReport;
import org.hashify.kernel.engine.SkipReason;

/** How a run's report reads: a table and a summary for people, a JSON document for scripts. */
final class RunReportView {
    private RunReportView() {
    }

    record GuestView(String name, String root, long regularFiles, long unified, long newObjects, long alreadyUnified,
            long alreadyUnifiedBytes, long excluded, long configFiles, long tooSmall, long notRegular,
            long otherFilesystem, long directories, long directoriesFromRecord, Map<String, Long> skipped,
            long bytesHashed, long bytesSaved, long leftoversRemoved, long errors, String failure,
            GuestPackages packages) {
    }

    record View(String store, String mode, boolean dryRun, boolean interrupted, boolean complete, long elapsedMillis,
            long regularFiles, long unified, long newObjects, long alreadyUnified, long bytesHashed, long bytesSaved,
            long errors, List<GuestView> guests, List<String> problems, boolean immutable, long refrozen) {
    }

    static View of(RunReport r, Path store) {
        List<GuestView> guests = new ArrayList<>();
        for (GuestReport g : r.guests()) {
            Map<String, Long> skipped = new LinkedHashMap<>();
            g.skipped.forEach((k, v) -> skipped.put(k.name().toLowerCase(Locale.ROOT), v));
            guests.add(new GuestView(g.name, g.root, g.regularFiles, g.unified, g.newObjects, g.alreadyUnified,
                    g.alreadyUnifiedBytes, g.excluded, g.configFiles, g.tooSmall, g.notRegular, g.otherFilesystem,
                    g.directories, g.directoriesFromRecord, skipped, g.bytesHashed, g.bytesSaved, g.leftoversRemoved, g.errors, g.failure, g.packages));
        }
        return new View(store.toString(), r.mode(), r.dryRun(), r.interrupted(), !r.hasFailures(), r.elapsedMillis(),
                r.total(g -> g.regularFiles), r.total(g -> g.unified), r.total(g -> g.newObjects),
                r.total(g -> g.alreadyUnified), r.total(g -> g.bytesHashed), r.total(g -> g.bytesSaved),
                r.total(g -> g.errors + (g.failure == null ? 0 : 1)), guests, r.problems(), r.immutable(), r.refrozen());
    }

    static String text(RunReport r, Path store, long minSize) {
        StringBuilder b = new StringBuilder();
        String verb = r.dryRun() ? "would unify" : "unified";
        b.append(String.format(Locale.ROOT, "%-16s %9s %9s %9s %9s %9s %11s%n", "guest", "files", r.dryRun() ? "would" : "unified",
                "new obj", "already", "skipped", "saved"));
        for (GuestReport g : r.guests()) {
            if (g.failure != null) {
                b.append(String.format(Locale.ROOT, "%-16s failed: %s%n", g.name, g.failure));
                continue;
            }
            long skipped = g.excluded + g.configFiles + g.tooSmall + g.skippedTotal();
            b.append(String.format(Locale.ROOT, "%-16s %9d %9d %9d %9d %9d %11s%n", g.name, g.regularFiles, g.unified,
                    g.newObjects, g.alreadyUnified, skipped, Bytes.human(g.bytesSaved)));
        }
        b.append('\n');
        for (GuestReport g : r.guests()) {
            if (g.failure != null) {
                continue;
            }
            GuestPackages p = g.packages;
            if (p == null) {
                b.append(String.format(Locale.ROOT, "%s: package databases not read (--no-pkgmgmt): only the exclude list "
                        + "kept configuration files private.%n", g.name));
            } else {
                b.append(String.format(Locale.ROOT, "%s: %s%s, %s (%s): %d configuration files kept private.%n", g.name,
                        p.distribution(), p.version().isEmpty() ? "" : " " + p.version(), p.packageManager(), p.how(),
                        p.configFiles()));
            }
        }
        b.append(String.format(Locale.ROOT, "%s %d files in %d guests (%s mode, store %s)%s.%n",
                r.dryRun() ? "Dry run over" : "Scanned", r.total(g -> g.regularFiles), r.guests().size(), r.mode(), store,
                r.dryRun() ? "; nothing was changed" : ""));
        b.append(String.format(Locale.ROOT, "%s %d files, %d of them as new store objects; %d were already unified.%n",
                capitalize(verb), r.total(g -> g.unified) + r.total(g -> g.newObjectPaths), r.total(g -> g.newObjects),
                r.total(g -> g.alreadyUnified)));
        List<String> skips = new ArrayList<>();
        addSkip(skips, r.total(g -> g.excluded), "excluded");
        addSkip(skips, r.total(g -> g.configFiles), "package configuration files");
        addSkip(skips, r.total(g -> g.tooSmall), "smaller than " + minSize + " bytes");
        for (SkipReason reason : SkipReason.values()) {
            addSkip(skips, r.total(g -> g.skipped.getOrDefault(reason, 0L)), reason.text());
        }
        if (!skips.isEmpty()) {
            b.append("Left alone: ").append(String.join(", ", skips)).append(".\n");
        }
        if (r.immutable()) {
            b.append("Store objects are immutable (FS_IMMUTABLE_FL): no guest can write into a shared file")
                    .append(r.refrozen() > 0 ? "; " + r.refrozen() + " objects found thawed were frozen again" : "")
                    .append(".\n");
        }
        long leftovers = r.total(g -> g.leftoversRemoved);
        if (leftovers > 0) {
            b.append("Removed ").append(leftovers).append(" temporary links left by an interrupted run.\n");
        }
        b.append(String.format(Locale.ROOT, "Bytes %s: %s. Hashed %s in %.1f s.%n", r.dryRun() ? "that would be saved" : "saved",
                Bytes.human(r.total(g -> g.bytesSaved)), Bytes.human(r.total(g -> g.bytesHashed)),
                r.elapsedMillis() / 1000.0));
        long errors = r.total(g -> g.errors + (g.failure == null ? 0 : 1));
        if (r.interrupted()) {
            b.append("Interrupted: stopped early; every file is intact, run again to finish.\n");
        }
        if (errors > 0) {
            b.append("Errors: ").append(errors).append(" (see the lines above); those files were left as they were.\n");
        }
        return b.toString();
    }

    private static void addSkip(List<String> skips, long n, String what) {
        if (n > 0) {
            skips.add(n + " " + what);
        }
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
