package dev.vigil.detector.resource;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Walks one series' bytes by their structure alone, without its rule: where they end, and the few
 * facts a restore needs when it cannot read them as a series (the rule is gone, or its shape
 * changed): whether it was firing, since when, and whether its periods are aligned to a period.
 * Layouts before 4 wrote series one after the other with no length, so this is also how their
 * end is found.
 *
 * <pre>
 * episode start, first period (8 + 8) | clean run (varint) | was firing (1)
 * | evaluator: version 1 or 2 | next period, last data (8 + 8) | M of N (8 + 8 + 1 + 1) | good, empty (2 + 2)
 * | firing (1) | last alarm end (8) | open count (2) | per open period: start (8), flags (1), minutes (4),
 *   [denominator minutes (4): ratio], first (8), [second (8): two numbers or ratio]
 * | version 2: minutes seen (mask 2, 2 per bit) [and the denominator's, ratio]
 * | stateful: model, format 5 (blocks: count, then id, version, length 2, payload) or format 4 (see LegacyState)
 * </pre>
 */
final class SeriesBytes {
    /** What {@link #walk} learnt; {@code end} is the position after the series. */
    static final class Facts {
        int end;
        boolean wasFiring;
        long episodeStart;
        boolean firing;
        long lastAlarmEndMs;
        long nextPeriodStartMs;
        long[] openStarts;
        /** True when the model was in format 4, whose end depends on {@code legacyTail}. */
        boolean legacyModel;
    }

    private static final int OPEN_PERIOD_MIN = 21;

    private SeriesBytes() {}

    /**
     * @param legacyTail bytes of a format-4 model after its ring (see {@code LegacyState.tailCandidates});
     *                   ignored unless the model is in that format
     * @param f          filled as far as the walk got (so a caller learns that a format-4 model was reached)
     * @throws IllegalArgumentException when the bytes cannot be a series of this shape
     */
    static Facts walk(byte[] bytes, int from, int to, SeriesShape.Kind kind, boolean stateful, int legacyTail, Facts f) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes, from, to - from);
            f.episodeStart = b.getLong();
            b.getLong();
            varint(b);
            f.wasFiring = bool(b);
            int version = b.get() & 0xFF;
            check(version == 1 || version == 2, "evaluator version");
            f.nextPeriodStartMs = b.getLong();
            b.getLong();
            b.getLong();
            b.getLong();
            check((b.get() & 0x7F) <= 2, "alarm state");
            b.get();
            b.getShort();
            b.getShort();
            f.firing = bool(b);
            f.lastAlarmEndMs = b.getLong();
            int open = b.getShort() & 0xFFFF;
            check(open <= b.remaining() / OPEN_PERIOD_MIN, "open periods");
            f.openStarts = new long[open];
            for (int i = 0; i < open; i++) {
                f.openStarts[i] = b.getLong();
                check((b.get() & 0xFF) <= 3, "period flags");
                b.getInt();
                if (kind == SeriesShape.Kind.RATIO) {
                    b.getInt();
                }
                b.getDouble();
                if (kind != SeriesShape.Kind.ONE) {
                    b.getDouble();
                }
            }
            if (version == 2) {
                seen(b);
                if (kind == SeriesShape.Kind.RATIO) {
                    seen(b);
                }
            }
            if (stateful) {
                int format = b.get() & 0xFF;
                if (format == 5) {
                    int blocks = b.get() & 0xFF;
                    check(blocks <= 32, "model blocks");
                    for (int k = 0; k < blocks; k++) {
                        b.get();
                        b.get();
                        skip(b, b.getShort() & 0xFFFF);
                    }
                } else {
                    check(format == 4, "model format");
                    f.legacyModel = true;
                    skip(b, 3 * 8 + 13 * 8);
                    int ringPos = b.get() & 0xFF;
                    int ring = b.get() & 0xFF;
                    check(ring <= 32 && ringPos <= Math.max(ring, 1), "model ring");
                    skip(b, 4 * ring + legacyTail);
                }
            }
            f.end = b.position();
            return f;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("series bytes end early");
        }
    }

    private static void seen(ByteBuffer b) {
        int mask = b.getShort() & 0xFFFF;
        skip(b, 2 * Integer.bitCount(mask));
    }

    private static boolean bool(ByteBuffer b) {
        int v = b.get() & 0xFF;
        check(v <= 1, "boolean");
        return v == 1;
    }

    private static void skip(ByteBuffer b, int n) {
        check(n >= 0 && n <= b.remaining(), "length");
        b.position(b.position() + n);
    }

    static int varint(ByteBuffer b) {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int x = b.get() & 0xFF;
            v |= (x & 0x7F) << shift;
            if (x < 0x80) {
                check(v >= 0, "varint");
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("not a series: " + what);
        }
    }
}
