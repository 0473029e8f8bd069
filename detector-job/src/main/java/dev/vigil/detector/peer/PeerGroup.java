package dev.vigil.detector.peer;

import dev.vigil.detector.resource.ImpairmentRecords;
import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.detector.rules.Rule;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Topology;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One peer rule's group (e.g. the instances of one Auto Scaling group): collects each member's
 * value per minute and, once a minute is complete, judges every member reporting in it against
 * the others. A member that is an outlier in M of its last N judged minutes opens an impairment;
 * healthyThreshold normal minutes in a row, or falling silent for long, resolve it.
 *
 * <p>Plain Java, no Flink: {@link PeerOutlierFunction} holds one per key in state and calls
 * {@link #evaluate} from a timer at each minute's end. Output is deterministic (members in
 * name order, ids from member, rule and first breach), so a replay or restart emits the same records.
 */
public final class PeerGroup {
    public static final long MINUTE_MS = 60_000;
    private static final int PERIOD_SECONDS = 60;
    private static final byte VERSION = 1;
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
    /** Minute start → member → value, for minutes not evaluated yet. */
    private final TreeMap<Long, TreeMap<String, Double>> pending = new TreeMap<>();
    private final TreeMap<String, MemberTrack> members = new TreeMap<>();
    private long lastEvaluated = Long.MIN_VALUE;

    public PeerGroup(Rule rule, String account, String region, String group) {
        this.rule = rule;
        this.account = account;
        this.region = region;
        this.group = group;
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
        TreeMap<String, Double> values = pending.get(minute);
        Added result = Added.ADDED;
        if (values == null) {
            values = new TreeMap<>();
            pending.put(minute, values);
            result = Added.NEW_MINUTE;
        }
        values.put(member, value);
        return result;
    }

    /** True when the minute has values waiting for evaluation. */
    public boolean isPending(long minuteStart) {
        return pending.containsKey(minuteStart);
    }

    /**
     * Judges the minute starting at {@code minuteStart}; its values arriving later are late. Returns
     * the lifecycle records (OPEN, RESOLVED) in member order; {@code emitTime} is processing time.
     */
    public List<Impairment> evaluate(long minuteStart, long emitTime) {
        lastEvaluated = Math.max(lastEvaluated, minuteStart);
        TreeMap<String, Double> values = pending.remove(minuteStart);
        if (values == null || values.size() < rule.peer().minPeers() + 1) {
            // Too few peers to say what normal is: nobody is judged, nobody's window moves.
            return Collections.emptyList();
        }
        double[] all = new double[values.size()];
        int n = 0;
        for (double v : values.values()) {
            all[n++] = v;
        }
        PeerStats stats = PeerStats.of(rule.peer(), all, n);
        long minuteEnd = minuteStart + MINUTE_MS;
        List<Impairment> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            String member = e.getKey();
            double value = e.getValue();
            boolean outlier = stats.isOutlier(value);
            MemberTrack track = members.computeIfAbsent(member, m -> new MemberTrack(rule.evaluationPeriods()));
            track.record(minuteStart, outlier);
            if (track.open() == null) {
                if (outlier && track.outlierCount() >= rule.datapointsToAlarm()) {
                    Impairment opened = open(member, track.firstOutlierMinute(), minuteStart, minuteEnd, value, stats,
                            emitTime);
                    track.open(opened);
                    out.add(opened);
                }
            } else if (track.healthyRun() >= rule.healthyThreshold()) {
                out.add(resolve(track, minuteEnd, emitTime));
            }
        }
        return out;
    }

    /**
     * Forgets members not judged for long (terminated, scaled in, or their group too small to
     * judge them), resolving what they had open at {@code now}: state stays bounded by the live fleet.
     */
    public List<Impairment> expire(long now, long emitTime) {
        List<Impairment> out = new ArrayList<>();
        for (Iterator<MemberTrack> it = members.values().iterator(); it.hasNext(); ) {
            MemberTrack track = it.next();
            if (now >= track.lastJudged() + MINUTE_MS + silenceMs()) {
                if (track.open() != null) {
                    out.add(resolve(track, now, emitTime));
                }
                it.remove();
            }
        }
        return out;
    }

    /** When the next member falls silent long enough to be forgotten; Long.MAX_VALUE when none is tracked. */
    public long nextExpiryTime() {
        long next = Long.MAX_VALUE;
        for (MemberTrack t : members.values()) {
            next = Math.min(next, t.lastJudged() + MINUTE_MS + silenceMs());
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
        return members.size();
    }

    /** The open impairment of a member, or null. */
    public Impairment openImpairment(String member) {
        MemberTrack t = members.get(member);
        return t == null ? null : t.open();
    }

    private Impairment open(String member, long firstBreach, long minuteStart, long minuteEnd, double value,
                            PeerStats stats, long emitTime) {
        String resourceKey = ResourceDetector.keyOf(account, region, member) + "|peer:" + rule.id();
        Map<String, String> dims = new TreeMap<>();
        dims.put(rule.peer().memberDimension(), member);
        if (rule.peer().groupDimension() != null) {
            dims.put(rule.peer().groupDimension(), group);
        }
        double threshold = value >= stats.median() ? stats.upper() : stats.lower();
        Evidence evidence = new Evidence(EvidenceKind.METRIC, rule.id(), rule.namespace(), rule.metricName(), dims,
                rule.statistic(), minuteStart, PERIOD_SECONDS, value, "PeerOutlier", threshold, stats.median(),
                stats.lower(), stats.upper(), stats.score(value), null, null, null,
                stats.members() + " members of " + group + " reporting; median " + fmt(stats.median()));
        ActionType[] actions = rule.recommendedActions().toArray(new ActionType[0]);
        // Only a group named by the datapoint's Auto Scaling group dimension is known to be one;
        // the enrichment downstream fills in the rest of the topology.
        Topology topology = "AutoScalingGroupName".equals(rule.peer().groupDimension())
                ? new Topology(null, group, null, null, null, null, true, null) : null;
        return ImpairmentRecords.opened(ImpairmentRecords.idFor(resourceKey, firstBreach), firstBreach, minuteEnd)
                .resource(member, rule.resourceType().name())
                .location(account, region)
                .type(rule.impairmentType())
                .severity(rule.severity())
                .summary("Peer outlier on " + member + ": " + rule.namespace() + "/" + rule.metricName() + " "
                        + rule.statistic() + " " + fmt(value) + " vs median " + fmt(stats.median()) + " of "
                        + stats.members() + " members of " + group + " (" + rule.id() + ")")
                .emitTime(emitTime)
                .evidence(evidence)
                .recommendedActions(actions)
                .topology(topology)
                .build();
    }

    private static Impairment resolve(MemberTrack track, long resolvedTime, long emitTime) {
        Impairment open = track.open();
        track.open(null);
        track.clearWindow();
        return ImpairmentRecords.resolved(open, resolvedTime).emitTime(emitTime).build();
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /** Writes pending minutes and members; the rule is not written (it comes from the rules file on restore). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        writeNullable(out, account);
        writeNullable(out, region);
        out.writeUTF(group);
        out.writeLong(lastEvaluated);
        out.writeInt(pending.size());
        for (Map.Entry<Long, TreeMap<String, Double>> m : pending.entrySet()) {
            out.writeLong(m.getKey());
            out.writeInt(m.getValue().size());
            for (Map.Entry<String, Double> v : m.getValue().entrySet()) {
                out.writeUTF(v.getKey());
                out.writeDouble(v.getValue());
            }
        }
        out.writeInt(members.size());
        for (Map.Entry<String, MemberTrack> m : members.entrySet()) {
            out.writeUTF(m.getKey());
            m.getValue().write(out);
        }
    }

    public static PeerGroup readFrom(Rule rule, DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("peer group state version " + version + ", expected " + VERSION);
        }
        PeerGroup g = new PeerGroup(rule, readNullable(in), readNullable(in), in.readUTF());
        g.lastEvaluated = in.readLong();
        int minutes = in.readInt();
        for (int i = 0; i < minutes; i++) {
            long minute = in.readLong();
            int n = in.readInt();
            TreeMap<String, Double> values = new TreeMap<>();
            for (int k = 0; k < n; k++) {
                values.put(in.readUTF(), in.readDouble());
            }
            g.pending.put(minute, values);
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            g.members.put(in.readUTF(), MemberTrack.read(rule.evaluationPeriods(), in));
        }
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
