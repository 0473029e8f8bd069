package dev.vigil.detector.peer;

import dev.vigil.detector.series.Alarm;
import dev.vigil.detector.series.Episode;
import dev.vigil.detector.series.Evaluation;
import dev.vigil.detector.series.Verdict;
import dev.vigil.detector.rules.Rule;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * One member of a peer group: its values of the minutes not judged yet, and its judgements through
 * the same alarm chain as every series ({@link Alarm}, {@link Episode}), with its open impairment.
 * Only minutes in which the member was judged are recorded, so a minute it was silent in (or its
 * group too small to judge) counts neither way, as CloudWatch treats missing data with
 * {@code treatMissingData: missing}: sparse series (5-minute EC2 metrics) still reach M of N.
 *
 * <p>Serialised (version 2): version, last judged minute, alarm (29 bytes), episode (13), the open
 * impairment (JSON: only members with one carry it, and it stays readable in a state dump), then the
 * pending values.
 */
final class MemberTrack {
    private static final int VERSION = 2;
    static final long NEVER = Long.MIN_VALUE;
    /** The fixed-size blocks before the open impairment: alarm (29 bytes: window 18, good run 2, firing 1, last end 8) and episode (13). */
    static final int ALARM_AND_EPISODE_BYTES = 29 + 13;

    private final Alarm alarm;
    private final Episode episode;
    private long lastJudged = NEVER;
    private Impairment open;
    /** Minute start → value, for minutes not judged yet. */
    private final TreeMap<Long, Double> pending = new TreeMap<>();
    /** The first breach of the episode the last judgement fired; not state (only read at once). */
    private long lastFirstBreach = NEVER;

    MemberTrack(Rule rule) {
        this.alarm = Alarm.forRule(rule);
        this.episode = new Episode(rule.evaluationPeriods());
    }

    /** A second value for a minute replaces the first: metric streams re-send a minute when its aggregate changed. */
    void pend(long minuteStart, double value) {
        pending.put(minuteStart, value);
    }

    /** The minute's value, taken out of the pending ones; null when the member had none. */
    Double take(long minuteStart) {
        return pending.remove(minuteStart);
    }

    /** Records the member's judgement of one minute; says whether its impairment should open or resolve. */
    Episode.Change judge(long minuteStart, Verdict verdict) {
        lastJudged = minuteStart;
        Evaluation e = alarm.evaluate(minuteStart, (int) (PeerGroup.MINUTE_MS / 1000), verdict);
        Episode.Change change = episode.observe(e);
        lastFirstBreach = change == Episode.Change.FIRED ? episode.firstBreach(e) : NEVER;
        return change;
    }

    /** Where the breach began, for the judgement that just fired. */
    long firstBreach() {
        return lastFirstBreach;
    }

    /** Whether the member was ever judged (a member seen only in minutes too small to judge was not). */
    boolean judged() {
        return lastJudged != NEVER;
    }

    long lastJudged() {
        return lastJudged;
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    Impairment open() {
        return open;
    }

    void open(Impairment impairment) {
        open = impairment;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(lastJudged);
            alarm.writeTo(out);
            episode.writeTo(out);
            out.writeBoolean(open != null);
            if (open != null) {
                byte[] json = Json.toBytes(open);
                out.writeInt(json.length);
                out.write(json);
            }
            out.writeShort(pending.size());
            for (Map.Entry<Long, Double> p : pending.entrySet()) {
                out.writeLong(p.getKey());
                out.writeDouble(p.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory
        }
        return bytes.toByteArray();
    }

    static MemberTrack fromBytes(Rule rule, byte[] bytes) throws IOException {
        DataInput in = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("peer member state version " + version + ", expected " + VERSION);
        }
        MemberTrack t = new MemberTrack(rule);
        t.lastJudged = in.readLong();
        t.alarm.readFrom(in);
        t.episode.readFrom(in);
        t.open = readOpen(in);
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            t.pending.put(in.readLong(), in.readDouble());
        }
        return t;
    }

    /**
     * The open impairment in a member's bytes, or null: read without the member's rule, which may be
     * gone (the alarm and episode blocks have a fixed size whatever the rule, so they are skipped).
     */
    static Impairment openIn(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("peer member state version " + version + ", expected " + VERSION);
        }
        in.readLong(); // last judged
        in.readFully(new byte[ALARM_AND_EPISODE_BYTES]);
        return readOpen(in);
    }

    /** The open impairment as {@link #toBytes} and version 1 wrote it (a flag, then its JSON), or null. */
    private static Impairment readOpen(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return Json.fromBytes(json, Impairment.class);
    }

    /**
     * A member as version 1 of the group's state wrote it (inside the group's one value): the last N
     * judged minutes and whether each was an outlier, the healthy run and the open impairment. Its
     * judgements replay into the alarm; an open impairment keeps the episode it began.
     */
    static MemberTrack readV1(Rule rule, DataInput in) throws IOException {
        MemberTrack t = new MemberTrack(rule);
        t.lastJudged = in.readLong();
        int healthyRun = in.readInt();
        int n = in.readByte();
        boolean[] outliers = new boolean[n];
        long firstOutlier = NEVER;
        for (int i = 0; i < n; i++) {
            long minute = in.readLong();
            outliers[i] = in.readBoolean();
            if (outliers[i] && firstOutlier == NEVER) {
                firstOutlier = minute;
            }
        }
        t.open = readOpen(in);
        boolean firing = t.open != null;
        t.alarm.rebuild(outliers, healthyRun, firing, firing ? t.lastJudged + PeerGroup.MINUTE_MS : NEVER);
        t.episode.restore(firing ? t.open.getFirstBreachTime() : firstOutlier, healthyRun, firing);
        return t;
    }
}
