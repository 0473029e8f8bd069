package dev.vigil.detector.series;

import dev.vigil.schemas.MetricDatapoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Which of a series' recent minutes were counted, with a 16-bit fingerprint of the datapoint
 * counted for each, so a redelivered datapoint can be told from a new one. Firehose retries a
 * delivery the relay did not acknowledge, and the retry carries the lines again: the same series,
 * timestamp and statistics, minutes after the original was counted (and usually after its period
 * was evaluated). Such a datapoint must be dropped, neither added twice nor dead-lettered as late.
 *
 * <p>The window is the {@link #WINDOW} minutes ending at the series' newest datapoint: the template's
 * Firehose retry duration (300 s) plus its buffering (60 s) keep a retry well inside it. A
 * redelivery older than that is taken for late data, as before. The fingerprint makes a changed
 * datapoint for a counted minute (not a duplicate) count as new; two different datapoints
 * colliding on 16 bits (1 in 65,536) would be taken for a duplicate.
 *
 * <p>Serialised: 2 bytes of mask, then 2 bytes per counted minute (at most 34 bytes).
 */
final class SeenMinutes {
    static final int WINDOW = 16;
    private static final long MINUTE_MS = 60_000;

    /** Bit i: minute (newest - i) was counted. */
    private int mask;
    /** Fingerprints by minute modulo the window. */
    private final short[] fingerprints = new short[WINDOW];

    /** Whether a datapoint equal to {@code dp} was counted, given the series' newest minute. */
    boolean contains(long newestMinute, MetricDatapoint dp, short fingerprint) {
        long m = Math.floorDiv(dp.getTimestamp(), MINUTE_MS);
        long age = newestMinute - m;
        return age >= 0 && age < WINDOW && (mask & (1 << age)) != 0 && fingerprints[slot(m)] == fingerprint;
    }

    /** Records a counted datapoint; {@code newestMinute} already includes it. */
    void add(long newestMinute, long timestampMs, short fingerprint) {
        long m = Math.floorDiv(timestampMs, MINUTE_MS);
        long age = newestMinute - m;
        if (age >= 0 && age < WINDOW) {
            mask |= 1 << age;
            fingerprints[slot(m)] = fingerprint;
        }
    }

    /** The newest minute moved forward by {@code minutes}: older minutes slide out of the window. */
    void shift(long minutes) {
        mask = minutes >= WINDOW ? 0 : (mask << minutes) & ((1 << WINDOW) - 1);
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) WINDOW);
    }

    /** Fingerprint of what makes two datapoints of one series the same: timestamp and every statistic. */
    static short fingerprint(MetricDatapoint dp) {
        long h = dp.getTimestamp();
        h = mix(h, Double.doubleToLongBits(dp.getMax()));
        h = mix(h, Double.doubleToLongBits(dp.getMin()));
        h = mix(h, Double.doubleToLongBits(dp.getSum()));
        h = mix(h, Double.doubleToLongBits(dp.getCount()));
        for (int i = 0; i < dp.extraStatCount(); i++) {
            h = mix(h, dp.extraStatName(i).hashCode());
            h = mix(h, Double.doubleToLongBits(dp.extraStatValue(i)));
        }
        // MurmurHash3's finaliser: every input bit reaches the 16 bits kept.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (short) h;
    }

    private static long mix(long h, long v) {
        return h * 0x9E3779B97F4A7C15L + v;
    }

    /**
     * Writes the mask relative to {@code newestMinute}, then the fingerprints of the counted
     * minutes from the newest back.
     */
    void writeTo(long newestMinute, DataOutput out) throws IOException {
        out.writeShort(mask);
        for (int age = 0; age < WINDOW; age++) {
            if ((mask & (1 << age)) != 0) {
                out.writeShort(fingerprints[slot(newestMinute - age)]);
            }
        }
    }

    void readFrom(long newestMinute, DataInput in) throws IOException {
        mask = in.readUnsignedShort();
        for (int age = 0; age < WINDOW; age++) {
            if ((mask & (1 << age)) != 0) {
                fingerprints[slot(newestMinute - age)] = in.readShort();
            }
        }
    }
}
