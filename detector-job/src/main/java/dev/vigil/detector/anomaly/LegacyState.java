package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.IOException;
import java.util.Map;

/**
 * Reads past the state of the anomaly model of commit 545e0e3 (format 4): one record without a
 * length, whose size depended on the rule's parameters. Nothing in it carries over to this model
 * (other stages, other meanings), so a restored series relearns its anomaly model while the rest
 * of its state (periods, M of N, the open impairment) is kept; what matters is consuming exactly
 * its bytes, so the state written after it stays aligned.
 *
 * <pre>
 * format 4 (1) | count, first, last (3 x 8) | 13 doubles | ring position, ring length k (2)
 * | k floats | buckets floats (season) | buckets floats if season.scale &gt; 0
 * | 168 shorts if week.weight &gt; 0 | 24 x 2 floats (histograms)
 * </pre>
 */
public final class LegacyState {
    static final int FORMAT = 4;

    /** The three parameters of that model that sized its state, as a rule could override them. */
    public static final class Layout {
        public static final Layout DEFAULT = new Layout(24, true, true);
        /**
         * Whatever the layout, the record runs to the end of the input: for a reader handed
         * exactly the series' bytes, whose end was found by their structure.
         */
        public static final Layout TO_END = new Layout(0, false, false);
        /** Their names in a rule's {@code anomaly:} map (accepted for reading old state, used for nothing else). */
        public static final java.util.List<String> KEYS = java.util.List.of("season.buckets", "season.scale", "week.weight");

        final int buckets;
        final boolean bucketScale;
        final boolean week;

        public Layout(int buckets, boolean bucketScale, boolean week) {
            this.buckets = buckets;
            this.bucketScale = bucketScale;
            this.week = week;
        }

        /** The layout a rule's {@code anomaly:} overrides gave that model (its defaults otherwise). */
        public static Layout of(Map<String, Double> anomaly) {
            Double b = anomaly.get("season.buckets");
            Double s = anomaly.get("season.scale");
            Double w = anomaly.get("week.weight");
            return new Layout(b == null ? 24 : (int) Math.round(b), s == null ? DEFAULT.bucketScale : s > 0,
                    w == null ? DEFAULT.week : w > 0);
        }
    }

    private LegacyState() {}

    /** Most season buckets that model accepted. */
    private static final int MAX_BUCKETS = 144;

    /** Bytes after the ring of a record in this layout: season (and its scales), week, histograms. */
    public static int tail(Layout layout) {
        return 4 * (layout.buckets + (layout.bucketScale ? layout.buckets : 0) + 2 * 24) + (layout.week ? 2 * 168 : 0);
    }

    /**
     * Every length {@link #tail} can take, {@code preferred}'s first, then the defaults', then the
     * others by size: a reader without a trustworthy layout (the rule's parameters changed since the
     * state was written) tries them until the bytes after the record read as what follows it.
     */
    public static int[] tailCandidates(Layout preferred) {
        java.util.LinkedHashSet<Integer> out = new java.util.LinkedHashSet<>();
        out.add(tail(preferred));
        out.add(tail(DEFAULT_LAYOUT));
        java.util.TreeSet<Integer> rest = new java.util.TreeSet<>();
        for (int b = 1; b <= MAX_BUCKETS; b++) {
            for (int scale = 0; scale < 2; scale++) {
                for (int week = 0; week < 2; week++) {
                    rest.add(tail(new Layout(b, scale == 1, week == 1)));
                }
            }
        }
        out.addAll(rest);
        int[] a = new int[out.size()];
        int i = 0;
        for (int t : out) {
            a[i++] = t;
        }
        return a;
    }

    private static final Layout DEFAULT_LAYOUT = Layout.DEFAULT;

    /** Consumes the rest of a format-4 record (its format byte already read). */
    static void skip(DataInput in, Layout layout) throws IOException {
        if (layout == Layout.TO_END) {
            while (in.skipBytes(Integer.MAX_VALUE) > 0) {
                // DataInputStream skips what its stream has left, a little at a time
            }
            return;
        }
        StateBlocks.skipFully(in, 3 * 8 + 13 * 8);
        in.readUnsignedByte(); // ring position
        int ring = in.readUnsignedByte();
        int floats = ring + layout.buckets + (layout.bucketScale ? layout.buckets : 0) + 2 * 24;
        StateBlocks.skipFully(in, 4 * floats + (layout.week ? 2 * 168 : 0));
    }
}
