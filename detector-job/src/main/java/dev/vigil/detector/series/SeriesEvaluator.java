package dev.vigil.detector.series;

import dev.vigil.detector.rules.MetricRole;
import dev.vigil.detector.rules.Rule;
import dev.vigil.schemas.MetricDatapoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything Vigil knows about one (rule, series): the still-open periods, the M-of-N history, the
 * recovery counter and whether the impairment signal is firing. Plain Java so the Flink operator
 * only has to key, time and checkpoint it.
 *
 * <p>Periods are aligned to the epoch (as CloudWatch's). A period is evaluated once, when the
 * watermark reaches its end; datapoints for it arriving later are rejected as late.
 *
 * <p>A datapoint already counted (a Firehose retry redelivers lines) is recognised by
 * {@link SeenMinutes} and dropped, not counted twice nor taken for late.
 *
 * <p>Serialized state (threshold rule): 1 version + 8 next period + 8 last data + 18 M-of-N +
 * 2 good run + 2 empty run + 1 flags + 8 last alarm + 2 open count = 50 bytes, plus 21 to 33 bytes
 * per open period (usually one or two), plus the minutes seen (2 bytes and 2 per minute counted in
 * the last 16, per side of a ratio), plus the detector's own state for stateful detectors.
 * Version 1 (before duplicate detection) had no minutes seen; it is still read.
 */
public final class SeriesEvaluator {
    /** 2: minutes seen, for duplicate detection. */
    private static final int VERSION = 2;
    private static final int VERSION_WITHOUT_SEEN = 1;
    private static final long NONE = Long.MIN_VALUE;
    private static final int SATURATE = 0xFFFF;
    /**
     * What one datapoint covers: CloudWatch metric streams send one-minute aggregates stamped
     * with the minute's start, so a period of n minutes is complete with n of them.
     */
    public static final long DATAPOINT_MS = 60_000;

    private final Rule rule;
    private final Aggregation aggregation;
    private final SeriesDetector detector;
    private final Alarm alarm;
    private final long periodMs;
    private final int emptyRunCap;
    /** Minutes per period when whole and at most 31 (a period can then be known complete), else 0. */
    private final int periodMinutes;

    private long nextPeriodStartMs = NONE;
    private long lastDataMs = NONE;
    private int emptyRun;
    private final OpenPeriods open = new OpenPeriods();
    private final SeenMinutes seen = new SeenMinutes();
    /** A ratio's denominator is a series of its own, with its own minutes. */
    private final SeenMinutes denominatorSeen;

    public SeriesEvaluator(Rule rule, SeriesDetector detector) {
        this.rule = rule;
        this.aggregation = Aggregation.forRule(rule);
        this.detector = detector;
        this.alarm = Alarm.forRule(rule);
        this.periodMs = rule.periodMs();
        this.denominatorSeen = rule.isRatio() ? new SeenMinutes() : null;
        this.periodMinutes = periodMs % DATAPOINT_MS == 0 && periodMs / DATAPOINT_MS <= 31 ? (int) (periodMs / DATAPOINT_MS) : 0;
        // After this many consecutive empty periods the range is all-missing, the good run has
        // reached H and keep-firing has elapsed: further empty periods change nothing, so they are
        // skipped rather than evaluated one by one after a long silence.
        long keepFiringPeriods = (rule.keepFiringSeconds() * 1000L + periodMs - 1) / periodMs;
        this.emptyRunCap = (int) Math.min(SATURATE,
                alarm.evaluationRange() + rule.healthyThreshold() + keepFiringPeriods + 1);
    }

    public Rule rule() {
        return rule;
    }

    /**
     * A new series of {@code rule} that goes on firing where an earlier series of it was (its
     * state could not be kept: the rule's period or statistic changed), so the impairment holds
     * until the new series has been good for the healthy threshold and past the keep-firing time,
     * as it would have, instead of resolving at once and opening again.
     */
    public static SeriesEvaluator continuing(Rule rule, SeriesDetector detector, boolean firing, long lastAlarmEndMs) {
        SeriesEvaluator s = new SeriesEvaluator(rule, detector);
        s.alarm.restore(0, firing, firing && lastAlarmEndMs == NONE ? 0 : lastAlarmEndMs);
        return s;
    }

    /** Adds a datapoint, its role taken from its metric name (the ratio's denominator or the rule's metric). */
    public Placement place(MetricDatapoint dp) {
        MetricRole role = rule.isRatio() && rule.denominatorMetricName().equals(dp.getMetricName())
                ? MetricRole.DENOMINATOR : MetricRole.NUMERATOR;
        return place(dp, role);
    }

    /** As {@link #place(MetricDatapoint)}: false when late, true when accepted or a duplicate. */
    public boolean accept(MetricDatapoint dp) {
        return place(dp) != Placement.LATE;
    }

    /**
     * Places a datapoint, in any order, into its period. A datapoint already counted is a
     * {@link Placement#DUPLICATE} and changes nothing; one for a period already evaluated is
     * {@link Placement#LATE}; otherwise it is {@link Placement#ACCEPTED}, also when it carried
     * nothing for the rule's statistic.
     */
    public Placement place(MetricDatapoint dp, MetricRole role) {
        SeenMinutes sides = role == MetricRole.DENOMINATOR && denominatorSeen != null ? denominatorSeen : seen;
        short fingerprint = SeenMinutes.fingerprint(dp);
        if (lastDataMs != NONE && sides.contains(newestMinute(), dp, fingerprint)) {
            return Placement.DUPLICATE;
        }
        long start = Math.floorDiv(dp.getTimestamp(), periodMs) * periodMs;
        if (nextPeriodStartMs != NONE && start < nextPeriodStartMs) {
            return Placement.LATE;
        }
        int i = open.find(start);
        PeriodAccumulator acc;
        if (i >= 0) {
            acc = open.get(i);
            if (!acc.add(dp, role)) {
                return Placement.ACCEPTED;
            }
        } else {
            if (open.size() == OpenPeriods.MAX_OPEN) {
                // Only datapoints far ahead of the watermark get here; refuse rather than grow without bound.
                throw new IllegalStateException("series of rule " + rule.id() + " has " + OpenPeriods.MAX_OPEN
                        + " open periods; datapoint at " + dp.getTimestamp() + " is too far ahead of the watermark");
            }
            acc = new PeriodAccumulator(aggregation, rule.statistic(), start);
            if (!acc.add(dp, role)) {
                return Placement.ACCEPTED;
            }
            open.insert(-(i + 1), acc);
        }
        if (periodMinutes > 0) {
            acc.markMinute(role, (int) ((dp.getTimestamp() - start) / DATAPOINT_MS));
        }
        if (lastDataMs == NONE || dp.getTimestamp() > lastDataMs) {
            long moved = lastDataMs == NONE ? 0 : Math.floorDiv(dp.getTimestamp(), DATAPOINT_MS) - newestMinute();
            seen.shift(moved);
            if (denominatorSeen != null) {
                denominatorSeen.shift(moved);
            }
            lastDataMs = dp.getTimestamp();
        }
        sides.add(newestMinute(), dp.getTimestamp(), fingerprint);
        return Placement.ACCEPTED;
    }

    private long newestMinute() {
        return Math.floorDiv(lastDataMs, DATAPOINT_MS);
    }

    /**
     * Evaluates, in order, every period ending at or before {@code watermarkMs}, empty ones
     * included, starting with the first period that received data. Returns one evaluation per
     * period evaluated (empty list when none).
     */
    public List<Evaluation> advance(long watermarkMs) {
        if (nextPeriodStartMs == NONE) {
            if (open.isEmpty()) {
                return Collections.emptyList();
            }
            nextPeriodStartMs = open.get(0).periodStartMs();
        }
        List<Evaluation> out = null;
        while (nextPeriodStartMs <= watermarkMs - periodMs) {
            long start = nextPeriodStartMs;
            boolean hasPeriod = !open.isEmpty() && open.get(0).periodStartMs() == start;
            if (!hasPeriod && emptyRun >= emptyRunCap) {
                // Long silence: jump to the next period with data, or to the period holding the watermark.
                long current = Math.floorDiv(watermarkMs, periodMs) * periodMs;
                nextPeriodStartMs = !open.isEmpty() ? Math.min(open.get(0).periodStartMs(), current) : current;
                continue;
            }
            double value = hasPeriod ? open.removeFirst().value() : Double.NaN;
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(evaluate(start, value));
            nextPeriodStartMs = start + periodMs;
        }
        return out == null ? Collections.<Evaluation>emptyList() : out;
    }

    private Evaluation evaluate(long start, double value) {
        emptyRun = Double.isNaN(value) ? Math.min(SATURATE, emptyRun + 1) : 0;
        return alarm.evaluate(start, rule.periodSeconds(), detector.evaluate(start, value));
    }

    /**
     * Event time up to which every evaluation of this series is known, so the resource may be
     * evaluated that far without waiting for the watermark: just short of the end of the first
     * period after the last evaluated one that is not yet complete (see
     * {@link PeriodAccumulator#complete(int)}): every minute of it has its datapoint. A period that
     * is not whole minutes, or longer than 31, is never known complete and waits for the
     * watermark. Long.MIN_VALUE before the first evaluation (an earlier period may still arrive).
     */
    public long completeThrough() {
        if (nextPeriodStartMs == NONE) {
            return NONE;
        }
        long t = nextPeriodStartMs;
        if (periodMinutes > 0) {
            for (int i = 0; i < open.size() && open.get(i).periodStartMs() == t && open.get(i).complete(periodMinutes); i++) {
                t += periodMs;
            }
        }
        return t + periodMs - 1;
    }

    /** The current alarm state. */
    public AlarmState state() {
        return alarm.state();
    }

    public boolean isFiring() {
        return alarm.isFiring();
    }

    /**
     * True when the series has been silent past {@code emptyRunCap} periods with nothing waiting:
     * its next evaluations would change nothing (see {@link #advance}), so nobody needs to wake
     * it up each period; its next datapoint, or the resource's retention, will.
     */
    public boolean isDormant() {
        return nextPeriodStartMs != NONE && open.isEmpty() && emptyRun >= emptyRunCap;
    }

    /** Empty periods in a row after which more change nothing (see {@link #isDormant}); fixed by the rule. */
    public int emptyRunCap() {
        return emptyRunCap;
    }

    /** Minutes a period must have seen to be complete, 0 when it is never known complete; fixed by the rule. */
    public int periodMinutes() {
        return periodMinutes;
    }

    /** Periods the M-of-N window keeps (its evaluation range); fixed by the rule. */
    public int evaluationRange() {
        return alarm.evaluationRange();
    }

    /** Start of the next period to evaluate; Long.MIN_VALUE before the first evaluation. */
    public long nextPeriodStartMs() {
        return nextPeriodStartMs;
    }

    /**
     * True when the series holds no open period and its newest datapoint is at least
     * {@code retentionMs} older than the watermark, so its state may be dropped. The caller should
     * close a still-{@link #isFiring() firing} impairment (as expired) before dropping it.
     */
    public boolean isIdle(long watermarkMs, long retentionMs) {
        return open.isEmpty() && (lastDataMs == NONE || watermarkMs - lastDataMs >= retentionMs);
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeLong(nextPeriodStartMs);
        out.writeLong(lastDataMs);
        // The alarm's parts sit around the empty run, as version 1 laid them out.
        alarm.writeWindow(out);
        out.writeShort(alarm.consecutiveGood());
        out.writeShort(emptyRun);
        out.writeByte(alarm.isFiring() ? 1 : 0);
        out.writeLong(alarm.lastAlarmEndMs());
        open.writeTo(out);
        seen.writeTo(newestMinute(), out);
        if (denominatorSeen != null) {
            denominatorSeen.writeTo(newestMinute(), out);
        }
        if (detector.isStateful()) {
            detector.writeState(out);
        }
    }

    /** Restores a series written by {@link #writeTo}; {@code detector} must be a fresh one for stateful models. */
    public static SeriesEvaluator readFrom(Rule rule, SeriesDetector detector, DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION && version != VERSION_WITHOUT_SEEN) {
            throw new IOException("unsupported series state version " + version + " for rule " + rule.id());
        }
        SeriesEvaluator s = new SeriesEvaluator(rule, detector);
        s.nextPeriodStartMs = in.readLong();
        s.lastDataMs = in.readLong();
        s.alarm.readWindow(in);
        int good = in.readUnsignedShort();
        s.emptyRun = in.readUnsignedShort();
        boolean firing = (in.readUnsignedByte() & 1) != 0;
        s.alarm.restore(good, firing, in.readLong());
        s.open.readFrom(s.aggregation, rule.statistic(), in);
        if (version >= VERSION) {
            s.seen.readFrom(s.newestMinute(), in);
            if (s.denominatorSeen != null) {
                s.denominatorSeen.readFrom(s.newestMinute(), in);
            }
        }
        if (detector.isStateful()) {
            detector.readState(in);
        }
        return s;
    }

    @Override
    public String toString() {
        return "SeriesEvaluator{" + rule.id() + " next=" + nextPeriodStartMs + " " + alarm + " open=" + open.size() + "}";
    }
}
