package org.hashify.kernel.ops;

import java.util.List;
import java.util.Map;
import org.hashify.kernel.store.DedupeRecord;
import org.hashify.kernel.walk.FileEntry;

/**
 * What splitting the selected guests would copy, and whether it fits: per guest its paths linked to
 * store objects, and per filesystem the space the private copies need against the space free.
 */
public final class SplitPlan {
    /**
     * One guest's share of the store.
     *
     * @param sharedPaths paths linked to store objects (hardlink mode) or recorded as sharing an
     *     object's extents (dedupe mode)
     * @param sharedInodes distinct inodes among them; each gets one private copy
     * @param sharedBytes bytes of those inodes, each counted once
     */
    public record GuestPlan(String name, String root, long sharedPaths, long sharedInodes, long sharedBytes,
            List<String> problems) {
        public GuestPlan {
            problems = List.copyOf(problems);
        }
    }

    /**
     * The free space of one filesystem against what the copies on it need.
     *
     * @param needed bytes of the private copies, rounded up to whole blocks
     * @param margin kept free on top, for directories, metadata and other writers
     * @param available what an unprivileged writer may still use ({@code FileStore.getUsableSpace})
     */
    public record SpaceCheck(String filesystem, List<String> guests, long needed, long margin, long available) {
        public SpaceCheck {
            guests = List.copyOf(guests);
        }

        public boolean fits() {
            return needed + margin <= available;
        }
    }

    private final List<GuestPlan> guests;
    private final List<SpaceCheck> space;
    private final Map<GuestPlan, Target> targets;

    /** Where to find a planned guest again and what to split in it. */
    record Target(Splitter.Guest guest, long dev, long ino, Map<Long, List<FileEntry>> byObject,
            Map<Long, DedupeRecord> dedupeRefs) {
    }

    SplitPlan(List<GuestPlan> guests, List<SpaceCheck> space, Map<GuestPlan, Target> targets) {
        this.guests = List.copyOf(guests);
        this.space = List.copyOf(space);
        this.targets = targets;
    }

    public List<GuestPlan> guests() {
        return guests;
    }

    public List<SpaceCheck> space() {
        return space;
    }

    /** The filesystems where the copies do not fit; empty when the split may go ahead. */
    public List<SpaceCheck> shortages() {
        return space.stream().filter(s -> !s.fits()).toList();
    }

    Target target(GuestPlan g) {
        return targets.get(g);
    }
}
