package org.hashify.kernel.engine;

import java.util.EnumMap;
import java.util.Map;

/** Counts for one guest of one run. Filled by the single thread that replaces files. */
public final class GuestReport {
    public final String name;
    public final String root;
    public long regularFiles;
    public long directories;
    /** Directories not listed because the walk record showed them unchanged since the last run. */
    public long directoriesFromRecord;
    public long unified;
    public long newObjects;
    /** Paths that now name a new object: a new object's whole hard-link group. */
    public long newObjectPaths;
    public long alreadyUnified;
    public long alreadyUnifiedBytes;
    public long excluded;
    public long configFiles;
    public long tooSmall;
    public long notRegular;
    public long otherFilesystem;
    public long prunedDirectories;
    public long bytesHashed;
    public long bytesSaved;
    public long leftoversRemoved;
    public long errors;
    public final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    public String failure;
    /** What the package database said; null when package management was off for this guest. */
    public GuestPackages packages;

    public GuestReport(String name, String root) {
        this.name = name;
        this.root = root;
    }

    void skip(SkipReason reason) {
        skipped.merge(reason, 1L, Long::sum);
        if (reason == SkipReason.ERROR) {
            errors++;
        }
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
