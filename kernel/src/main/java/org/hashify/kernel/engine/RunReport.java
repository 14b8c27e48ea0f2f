package org.hashify.kernel.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of a run: per-guest counts, the problems met (each one line naming guest and path),
 * and whether everything was done.
 */
public final class RunReport {
    private final List<GuestReport> guests = new ArrayList<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final boolean dryRun;
    private final String mode;
    private long elapsedMillis;
    private boolean interrupted;
    private boolean immutable;
    private long refrozen;

    public RunReport(boolean dryRun, String mode) {
        this.dryRun = dryRun;
        this.mode = mode;
    }

    public GuestReport addGuest(String name, String root) {
        GuestReport g = new GuestReport(name, root);
        guests.add(g);
        return g;
    }

    /** A guest refused before the run (no configuration-file list, unknown distribution); already reported. */
    public void addRefused(String name, String root, String reason) {
        GuestReport g = new GuestReport(name, root);
        g.failure = reason;
        guests.add(g);
    }

    public void problem(String line) {
        problems.add(line);
    }

    public List<GuestReport> guests() {
        return Collections.unmodifiableList(guests);
    }

    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    public boolean dryRun() {
        return dryRun;
    }

    public String mode() {
        return mode;
    }

    public long elapsedMillis() {
        return elapsedMillis;
    }

    void elapsedMillis(long ms) {
        this.elapsedMillis = ms;
    }

    public boolean interrupted() {
        return interrupted;
    }

    void interrupted(boolean value) {
        this.interrupted = value;
    }

    /** Whether the run froze the objects it linked (a store in immutable use). */
    public boolean immutable() {
        return immutable;
    }

    /** Objects the run found thawed (by 'hashify thaw', or a crash while linking) and froze again. */
    public long refrozen() {
        return refrozen;
    }

    void immutable(long refrozenObjects) {
        this.immutable = true;
        this.refrozen = refrozenObjects;
    }

    /** True when some file or guest failed (as opposed to being skipped by design). */
    public boolean hasFailures() {
        return interrupted || guests.stream().anyMatch(g -> g.errors > 0 || g.failure != null);
    }

    public long total(java.util.function.ToLongFunction<GuestReport> f) {
        return guests.stream().mapToLong(f).sum();
    }
}
