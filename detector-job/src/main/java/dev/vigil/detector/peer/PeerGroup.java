package dev.vigil.detector.peer;

import dev.vigil.detector.series.Episode;
import dev.vigil.detector.series.Verdict;
import dev.vigil.detector.rules.Rule;
import dev.vigil.schemas.Impairment;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One peer rule's group (e.g. the instances of one Auto Scaling group): collects each member's
 * value per minute and, once a minute is complete, judges every member reporting in it against
 * the others. A member's judgements go through the alarm chain every rule uses: an outlier in M
 * of its last N judged minutes opens an impairment; healthyThreshold normal minutes in a row, or
 * falling silent for long, resolve it.
 *
 * <p>Plain Java, no Flink: the Flink function holds the group's own fields in one small value and
 * its members in a {@link PeerMembers} store (one entry each, so a datapoint costs one member's
 * bytes, not the group's), and calls {@link #evaluate} from a timer at each minute's end. Output
 * is deterministic (members in name order, ids from member, rule and first breach), so a replay or
 * restart emits the same records.
 */
public final class PeerGroup {
    public static final long MINUTE_MS = 60_000;
    /** 2: members in their own entries; 1 (up to commit 545e0e3) held them in this value and is still read. */
    private static final byte VERSION = 2;
    private static final byte VERSION_WITH_MEMBERS = 1;
    private static final long MIN_SILENCE_MS = 30 * MINUTE_MS;

    /** What {@link #add} did with a value. */
    public enum Added {
        /** The first value of a minute not yet pending: its evaluation needs scheduling. */
        NEW_MINUTE,
        /** Another value of a pending minute. */
        ADDED,
        /** Its minute was already evaluated: ignored. */
        LATE,
        /** Not a number (the datapoint lacks the statistic): ignored. */
        NO_VALUE
    }

    private final Rule rule;
    private final String account;
    private final String region;
    private final String group;
    private final PeerMembers members;
    /** Minutes with values not evaluated yet. */
    private final TreeSet<Long> pending = new TreeSet<>();
    private long lastEvaluated = Long.MIN_VALUE;

    public PeerGroup(Rule rule, String account, String region, String group, PeerMembers members) {
        this.rule = rule;
        this.account = account;
        this.region = region;
        this.group = group;
        this.members = members;
    }

    public static long minuteOf(long timestamp) {
        return timestamp - Math.floorMod(timestamp, MINUTE_MS);
    }

    /**
     * A member's value at {@code timestamp}. A second value for the same member and minute
     * replaces the first: metric streams re-send a minute when its aggregate was updated.
     */
    public Added add(String member, long timestamp, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Added.NO_VALUE;
        }
        long minute = minuteOf(timestamp);
        if (minute <= lastEvaluated) {
            return Added.LATE;
        }
        MemberTrack track = load(member);
        track.pend(minute, value);
        save(member, track);
        return pending.add(minute) ? Added.NEW_MINUTE : Added.ADDED;
    }

    /** True when the minute has values waiting for evaluation. */
    public boolean isPending(long minuteStart) {
        return pending.contains(minuteStart);
    }

    /**
     * Judges the minute starting at {@code minuteStart}; its values arriving later are late. Returns
     * the lifecycle records (OPEN, RESOLVED) in member order; {@code emitTime} is processing time.
     */
    public List<Impairment> evaluate(long minuteStart, long emitTime) {
        lastEvaluated = Math.max(lastEvaluated, minuteStart);
        if (!pending.remove(minuteStart)) {
            return Collections.emptyList();
        }
        TreeMap<String, MemberTrack> reporting = new TreeMap<>();
        TreeMap<String, Double> values = new TreeMap<>();
        for (Map.Entry<String, MemberTrack> m : tracks().entrySet()) {
            Double v = m.getValue().take(minuteStart);
            if (v != null) {
                reporting.put(m.getKey(), m.getValue());
                values.put(m.getKey(), v);
            }
        }
        List<Impairment> out = new ArrayList<>();
        if (values.size() >= rule.peer().minPeers() + 1) {
            double[] all = new double[values.size()];
            int n = 0;
            for (double v : values.values()) {
                all[n++] = v;
            }
            PeerStats stats = PeerStats.of(rule.peer(), all, n);
            for (Map.Entry<String, MemberTrack> m : reporting.entrySet()) {
                judge(m.getKey(), m.getValue(), minuteStart, values.get(m.getKey()), stats, emitTime, out);
            }
        }
        // Too few peers to say what normal is: nobody is judged, nobody's window moves.
        for (Map.Entry<String, MemberTrack> m : reporting.entrySet()) {
            save(m.getKey(), m.getValue());
        }
        return out;
    }

    private void judge(String member, MemberTrack track, long minuteStart, double value, PeerStats stats,
                       long emitTime, List<Impairment> out) {
        boolean outlier = stats.isOutlier(value);
        double threshold = value >= stats.median() ? stats.upper() : stats.lower();
        Verdict verdict = new Verdict(outlier ? Verdict.Outcome.BREACHING : Verdict.Outcome.NOT_BREACHING, value,
                threshold, stats.lower(), stats.upper(), stats.score(value), !outlier);
        Episode.Change change = track.judge(minuteStart, verdict);
        long minuteEnd = minuteStart + MINUTE_MS;
        if (change == Episode.Change.FIRED && track.open() == null) {
            Impairment opened = PeerRecords.open(rule, account, region, group, member, track.firstBreach(),
                    minuteStart, value, stats, emitTime);
            track.open(opened);
            out.add(opened);
        } else if (change == Episode.Change.CLEARED && track.open() != null) {
            out.add(PeerRecords.resolve(track, minuteEnd, emitTime));
        }
    }

    /**
     * Forgets members not judged for long (terminated, scaled in, or their group too small to
     * judge them), resolving what they had open at {@code now}: state stays bounded by the live fleet.
     */
    public List<Impairment> expire(long now, long emitTime) {
        List<Impairment> out = new ArrayList<>();
        for (Map.Entry<String, MemberTrack> m : tracks().entrySet()) {
            MemberTrack track = m.getValue();
            if (track.judged() && now >= track.lastJudged() + MINUTE_MS + silenceMs()) {
                if (track.open() != null) {
                    out.add(PeerRecords.resolve(track, now, emitTime));
                }
                members.remove(m.getKey());
            }
        }
        return out;
    }

    /**
     * Resolves every member's open impairment at {@code now} (never before it was detected) and
     * forgets the members: their rule is gone, so nothing will judge them again, and a consumer must
     * not be left holding an impairment open for ever. Read without the rule; an entry that cannot
     * be read is dropped.
     */
    public static List<Impairment> resolveAll(PeerMembers members, long now, long emitTime) {
        TreeMap<String, byte[]> all = new TreeMap<>();
        members.all().forEach(e -> all.put(e.getKey(), e.getValue()));
        List<Impairment> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> m : all.entrySet()) {
            try {
                Impairment open = MemberTrack.openIn(m.getValue());
                if (open != null) {
                    out.add(PeerRecords.resolved(open, now, emitTime));
                }
                members.remove(m.getKey());
            } catch (IOException | RuntimeException e) {
                members.dropUnreadable(m.getKey(), e);
            }
        }
        return out;
    }

    /** When the next member falls silent long enough to be forgotten; Long.MAX_VALUE when none is tracked. */
    public long nextExpiryTime() {
        long next = Long.MAX_VALUE;
        for (MemberTrack t : tracks().values()) {
            if (t.judged()) {
                next = Math.min(next, t.lastJudged() + MINUTE_MS + silenceMs());
            }
        }
        return next;
    }

    /** How long a member may go unjudged: longer than any basic-monitoring gap and than one full M-of-N window plus recovery. */
    long silenceMs() {
        return Math.max(MIN_SILENCE_MS, (rule.evaluationPeriods() + rule.healthyThreshold()) * MINUTE_MS);
    }

    /** Nothing pending and nobody tracked: the state can go. */
    public boolean isEmpty() {
        return pending.isEmpty() && members.isEmpty();
    }

    /** Members currently tracked (judged recently). */
    public int memberCount() {
        int n = 0;
        for (MemberTrack t : tracks().values()) {
            n += t.judged() ? 1 : 0;
        }
        return n;
    }

    /** The open impairment of a member, or null. */
    public Impairment openImpairment(String member) {
        byte[] b = members.get(member);
        MemberTrack t = b == null ? null : decode(member, b);
        return t == null ? null : t.open();
    }

    private MemberTrack load(String member) {
        byte[] b = members.get(member);
        MemberTrack t = b == null ? null : decode(member, b);
        return t == null ? new MemberTrack(rule) : t;
    }

    /** A member with nothing to remember (never judged, nothing pending) is not kept. */
    private void save(String member, MemberTrack track) {
        if (track.judged() || track.hasPending()) {
            members.put(member, track.toBytes());
        } else {
            members.remove(member);
        }
    }

    /** Every member that can be read, in name order; an entry that cannot is dropped once the walk is over. */
    private TreeMap<String, MemberTrack> tracks() {
        TreeMap<String, MemberTrack> all = new TreeMap<>();
        Map<String, Exception> unreadable = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : members.all()) {
            try {
                all.put(e.getKey(), MemberTrack.fromBytes(rule, e.getValue()));
            } catch (IOException | RuntimeException x) {
                unreadable.put(e.getKey(), x);
            }
        }
        unreadable.forEach(members::dropUnreadable);
        return all;
    }

    /** The member's track, or null when its entry cannot be read (then it is dropped). */
    private MemberTrack decode(String member, byte[] bytes) {
        try {
            return MemberTrack.fromBytes(rule, bytes);
        } catch (IOException | RuntimeException e) {
            members.dropUnreadable(member, e);
            return null;
        }
    }

    /** Writes the group's own fields and pending minutes; the members are in their store, the rule in the rules file. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        writeNullable(out, account);
        writeNullable(out, region);
        out.writeUTF(group);
        out.writeLong(lastEvaluated);
        out.writeInt(pending.size());
        for (long minute : pending) {
            out.writeLong(minute);
        }
    }

    /** Whether these bytes hold the members too (version 1): then the caller stores the group again once read. */
    public static boolean holdsMembers(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == VERSION_WITH_MEMBERS;
    }

    /** Reads what {@link #writeTo} wrote; version 1's members (and their pending values) go into {@code members}. */
    public static PeerGroup readFrom(Rule rule, DataInput in, PeerMembers members) throws IOException {
        byte version = in.readByte();
        if (version != VERSION && version != VERSION_WITH_MEMBERS) {
            throw new IOException("peer group state version " + version + ", expected " + VERSION);
        }
        PeerGroup g = new PeerGroup(rule, readNullable(in), readNullable(in), in.readUTF(), members);
        g.lastEvaluated = in.readLong();
        if (version == VERSION) {
            for (int n = in.readInt(); n > 0; n--) {
                g.pending.add(in.readLong());
            }
            return g;
        }
        // Version 1: minute → member → value, then every member's track.
        TreeMap<String, TreeMap<Long, Double>> values = new TreeMap<>();
        for (int minutes = in.readInt(); minutes > 0; minutes--) {
            long minute = in.readLong();
            g.pending.add(minute);
            for (int n = in.readInt(); n > 0; n--) {
                values.computeIfAbsent(in.readUTF(), m -> new TreeMap<>()).put(minute, in.readDouble());
            }
        }
        TreeMap<String, MemberTrack> tracks = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            tracks.put(in.readUTF(), MemberTrack.readV1(rule, in));
        }
        for (Map.Entry<String, TreeMap<Long, Double>> v : values.entrySet()) {
            MemberTrack t = tracks.computeIfAbsent(v.getKey(), m -> new MemberTrack(rule));
            v.getValue().forEach(t::pend);
        }
        tracks.forEach(g::save);
        return g;
    }

    private static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
