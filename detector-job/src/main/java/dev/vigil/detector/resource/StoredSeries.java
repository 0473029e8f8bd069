package dev.vigil.detector.resource;

import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.series.SeriesDetector;
import dev.vigil.detector.series.SeriesEvaluator;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One series of a layout-4 state left as its bytes: a datapoint touches one series of its resource
 * but every series is read and written back with it, so the others stay undecoded, and are
 * written back by copying their bytes, unless something needs them ({@link WatchedSeries} decodes
 * on first use). What the resource asks of every series on every datapoint (when its next period
 * is due, whether its data is complete, whether it is dormant or idle) is read from the bytes
 * here, by their structure ({@link SeriesBytes} has the layout).
 *
 * <p>Only bytes that today's codec would write back unchanged are kept this way: reading
 * normalises a few fields against the rule (the M-of-N masks and count to its evaluation range, a
 * model's blocks to its configuration), so under a rule whose N or model configuration changed
 * since, or for bytes that are not what the codec writes, {@link #scan} says no and the series is
 * decoded as before. The copy is then byte for byte what decoding and encoding would have written.
 */
final class StoredSeries {
    private static final long NONE = Long.MIN_VALUE;

    final byte[] bytes;
    final int from;
    final int to;
    final long firstPeriodStart;
    final long nextPeriodStartMs;
    private final long lastDataMs;
    private final boolean dormant;
    private final boolean firing;
    private final int openCount;
    private final long completeThrough;
    private final long periodMs;

    private StoredSeries(byte[] bytes, int from, int to, long firstPeriodStart, long nextPeriodStartMs, long lastDataMs,
                         boolean dormant, boolean firing, int openCount, long completeThrough, long periodMs) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
        this.firstPeriodStart = firstPeriodStart;
        this.nextPeriodStartMs = nextPeriodStartMs;
        this.lastDataMs = lastDataMs;
        this.dormant = dormant;
        this.firing = firing;
        this.openCount = openCount;
        this.completeThrough = completeThrough;
        this.periodMs = periodMs;
    }

    /** As {@link SeriesEvaluator#completeThrough}. */
    long completeThrough() {
        return completeThrough;
    }

    /** As {@link SeriesEvaluator#isDormant}. */
    boolean isDormant() {
        return dormant;
    }

    /** As {@link SeriesEvaluator#isFiring}. */
    boolean isFiring() {
        return firing;
    }

    /** As {@link SeriesEvaluator#isIdle}. */
    boolean isIdle(long watermarkMs, long retentionMs) {
        return openCount == 0 && (lastDataMs == NONE || watermarkMs - lastDataMs >= retentionMs);
    }

    /** False when advancing the evaluator to {@code watermarkMs} would neither evaluate nor change it. */
    boolean changesBy(long watermarkMs) {
        return nextPeriodStartMs == NONE ? openCount > 0 : nextPeriodStartMs <= watermarkMs - periodMs;
    }

    /**
     * The series in {@code bytes[from, to)} under {@code rule} (whose shape is the one it was written
     * under), or null when it must be decoded instead: its bytes are not what encoding their
     * decoding gives, or not a series at all (decoding then says what is wrong).
     */
    static StoredSeries scan(Rule rule, SeriesShape.Kind kind, byte[] bytes, int from, int to) {
        Layout layout = Layout.of(rule);
        try {
            int p = from;
            p += 8; // episode start
            long firstPeriodStart = StateInput.longAt(bytes, p);
            p += 8;
            // Clean run: a varint as the codec writes it (shortest form, not negative).
            int varintStart = p;
            while ((bytes[p++] & 0x80) != 0) {
                if (p - varintStart == 4) {
                    return null;
                }
            }
            if (p - varintStart > 1 && bytes[p - 1] == 0) {
                return null;
            }
            if ((bytes[p++] & 0xFE) != 0) {
                return null; // was firing: a boolean written as 0 or 1
            }
            if (bytes[p++] != 2) {
                return null; // the evaluator's version before duplicate detection is rewritten as 2
            }
            long next = StateInput.longAt(bytes, p);
            long last = StateInput.longAt(bytes, p + 8);
            long present = StateInput.longAt(bytes, p + 16);
            long breaching = StateInput.longAt(bytes, p + 24);
            int alarm = bytes[p + 32] & 0xFF;
            int seen = bytes[p + 33] & 0xFF;
            if ((present & ~layout.rangeMask) != 0 || (breaching & ~present) != 0 || (alarm & 0x7F) > 2
                    || seen > layout.range) {
                return null;
            }
            p += 34 + 2; // good run
            int emptyRun = (bytes[p] & 0xFF) << 8 | bytes[p + 1] & 0xFF;
            int firingByte = bytes[p + 2];
            if ((firingByte & 0xFE) != 0) {
                return null;
            }
            p += 2 + 1 + 8; // empty run, firing, last alarm end
            int open = (bytes[p] & 0xFF) << 8 | bytes[p + 1] & 0xFF;
            p += 2;
            long through = next;
            boolean counting = layout.periodMinutes > 0;
            int all = counting ? (1 << layout.periodMinutes) - 1 : 0;
            for (int i = 0; i < open; i++) {
                long start = StateInput.longAt(bytes, p);
                if ((bytes[p + 8] & 0xFF) > 3) {
                    return null;
                }
                int minutes = StateInput.intAt(bytes, p + 9);
                p += 13;
                int denominator = all;
                if (kind == SeriesShape.Kind.RATIO) {
                    denominator = StateInput.intAt(bytes, p);
                    p += 4;
                }
                p += kind == SeriesShape.Kind.ONE ? 8 : 16;
                if (counting && start == through && (minutes & all) == all && (denominator & all) == all) {
                    through += layout.periodMs;
                } else {
                    counting = false;
                }
            }
            p = skipSeen(bytes, p);
            if (kind == SeriesShape.Kind.RATIO) {
                p = skipSeen(bytes, p);
            }
            if (layout.model != null) {
                p = model(layout.model, bytes, p, to);
            }
            if (p != to) {
                return null;
            }
            return new StoredSeries(bytes, from, to, firstPeriodStart, next, last,
                    next != NONE && open == 0 && emptyRun >= layout.emptyRunCap, firingByte == 1, open,
                    next == NONE ? NONE : through + layout.periodMs - 1, layout.periodMs);
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static int skipSeen(byte[] bytes, int p) {
        int mask = (bytes[p] & 0xFF) << 8 | bytes[p + 1] & 0xFF;
        return p + 2 + 2 * Integer.bitCount(mask);
    }

    /** The end of a model whose blocks are those the rule's model writes (format, ids, versions, lengths), or -1. */
    private static int model(byte[] expected, byte[] bytes, int p, int to) {
        if (to - p != expected.length) {
            return -1;
        }
        int e = 0;
        if (bytes[p] != expected[0] || bytes[p + 1] != expected[1]) {
            return -1;
        }
        int blocks = expected[1] & 0xFF;
        e += 2;
        for (int k = 0; k < blocks; k++) {
            for (int h = 0; h < StateBlocksHeader.SIZE; h++) {
                if (bytes[p + e + h] != expected[e + h]) {
                    return -1;
                }
            }
            e += StateBlocksHeader.SIZE + ((expected[e + 2] & 0xFF) << 8 | expected[e + 3] & 0xFF);
        }
        return e == expected.length ? p + e : -1;
    }

    /** A model block's header: id, version, length (2). */
    private static final class StateBlocksHeader {
        static final int SIZE = 4;
    }

    /** What a rule fixes about its series' bytes, computed once per rule instance (as {@link SeriesShape}). */
    private static final class Layout {
        private static final Map<Rule, Layout> CACHE = Collections.synchronizedMap(new IdentityHashMap<>());
        private static final int CACHE_MAX = 4096;

        final long periodMs;
        final int periodMinutes;
        final int emptyRunCap;
        final int range;
        final long rangeMask;
        /** The bytes a fresh model of the rule writes (its blocks' headers are what a read keeps); null without a model. */
        final byte[] model;

        private Layout(Rule rule) {
            SeriesDetector detector = SeriesDetectors.forRule(rule);
            SeriesEvaluator e = new SeriesEvaluator(rule, detector);
            periodMs = rule.periodMs();
            periodMinutes = e.periodMinutes();
            emptyRunCap = e.emptyRunCap();
            range = e.evaluationRange();
            rangeMask = range >= 64 ? -1L : (1L << range) - 1;
            byte[] m = null;
            if (detector.isStateful()) {
                StateOutput out = new StateOutput(256);
                try {
                    detector.writeState(out);
                } catch (IOException impossible) {
                    throw new IllegalStateException(impossible);
                }
                m = java.util.Arrays.copyOf(out.buffer(), out.size());
            }
            model = m;
        }

        static Layout of(Rule rule) {
            Layout l = CACHE.get(rule);
            if (l == null) {
                l = new Layout(rule);
                if (CACHE.size() >= CACHE_MAX) {
                    CACHE.clear();
                }
                CACHE.put(rule, l);
            }
            return l;
        }
    }
}
