package org.hashify.kernel.ops;

import java.util.List;
import java.util.Locale;

/** A split would not fit on the guests' filesystem; nothing was changed. */
public final class InsufficientSpaceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<SplitPlan.SpaceCheck> shortages;

    public InsufficientSpaceException(List<SplitPlan.SpaceCheck> shortages) {
        super(message(shortages));
        this.shortages = List.copyOf(shortages);
    }

    public List<SplitPlan.SpaceCheck> shortages() {
        return shortages;
    }

    private static String message(List<SplitPlan.SpaceCheck> shortages) {
        StringBuilder b = new StringBuilder();
        for (SplitPlan.SpaceCheck s : shortages) {
            if (b.length() > 0) {
                b.append(' ');
            }
            long missing = s.needed() + s.margin() - s.available();
            b.append(String.format(Locale.ROOT, "Not enough free space on %s to split %s: the private copies need %s "
                    + "(%d bytes) plus a margin of %s, and %s (%d bytes) are free. Nothing was changed. Free %s more, "
                    + "or split fewer guests at a time.", s.filesystem(), String.join(", ", s.guests()), human(s.needed()),
                    s.needed(), human(s.margin()), human(s.available()), s.available(), human(missing)));
        }
        return b.toString();
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
