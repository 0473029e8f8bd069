package dev.vigil.detector.correlate;

import dev.vigil.detector.correlate.MemberStore.Member;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Topology;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * One account and region's view of its impaired resources, to see the fleet: which Auto Scaling
 * groups and target groups have how many members impaired, and whether one Availability Zone is
 * clearly worse than the others. Plain Java; the keyed Flink function makes one per record from
 * the region's small aggregate state and a {@link MemberStore} over its keyed map state.
 *
 * <p>Every resource impairment passes through here and leaves with the fleet's verdict on it:
 * while its fleet or zone is impaired, or more than {@link CorrelationConfig#withholdShare()} of
 * its fleet is, destructive member actions (terminate, deregister) are withheld and a human is
 * asked for: when everything looks bad, the health checks or a dependency are more likely wrong
 * than every instance, and replacing the whole fleet turns an incident into an outage (the
 * Builders' Library "fail open" rule). Because the verdict can change while a member stays open,
 * this class owns the members' revision numbers: it re-issues a member as an UPDATE when its
 * verdict changes, so (id, revision) stays unique and increasing.
 *
 * <p>Fleets and zones are judged on event time, one moment at a time: a member of a known fleet
 * is held until the watermark passes its event time, then every record of that moment is applied
 * (in id and revision order) before the verdict. So the verdict is the same whatever order the
 * resources' records arrived in (two members failing together are a fleet problem even when one
 * subtask ran minutes ahead of the other), at the price of at most the out-of-orderness bound of
 * latency for fleet members. Records of resources in no known fleet pass at once.
 *
 * <p>Cost: a record is O(1) in the number of open members (counts per fleet and zone are kept, not
 * recounted); the members are walked only when a fleet's or zone's verdict changes, a few times
 * per incident. That matters most in the case this exists for: half a region impaired at once.
 *
 * <p>A resource belongs to its fleet (its Auto Scaling group, else its first target group) when
 * the topology says so; fleet shares need the fleet's size, so fleets whose size is unknown are
 * not correlated (their members pass through unchanged). A target group's own impairment (e.g.
 * its 5xx ratio) is not a member of itself.
 */
public final class Correlator {
    static final String AVAILABILITY_ZONE = "AVAILABILITY_ZONE";
    /** Linked ids a fleet or zone record lists at most; the summary gives the full count. */
    static final int MAX_RELATED = 100;
    private static final Comparator<Impairment> MOMENT_ORDER =
            Comparator.comparing(Impairment::getId).thenComparingInt(Impairment::getRevision);

    private final CorrelationConfig config;
    private final String account;
    private final String region;
    private final MemberStore members;
    private final GroupJudge judge;
    private final Withholding withholding;

    public Correlator(CorrelationConfig config, String account, String region, MemberStore members) {
        this.config = config;
        this.account = account;
        this.region = region;
        this.members = members;
        this.judge = new GroupJudge(config, account, region, members);
        this.withholding = new Withholding(judge, members);
    }

    /** True when nothing is open or held: the state may be dropped. */
    public boolean isIdle() {
        return members.isEmpty() && judge.groups.isEmpty();
    }

    /**
     * The event time a record speaks for: when it opened (OPEN) or resolved (RESOLVED), as the
     * record says. An UPDATE has no time of its own: its Flink timestamp, but not before it opened.
     * (A record's timestamp is that of the datapoint whose arrival completed its evaluation, which
     * may be minutes later than the evaluation's own time, so it does not date OPEN or RESOLVED.)
     *
     * @param timestamp the record's Flink timestamp, or null
     */
    public static long eventTimeOf(Impairment in, Long timestamp) {
        switch (in.getState()) {
            case OPEN:
                return in.getDetectionTime();
            case RESOLVED:
                return in.getResolvedTime() != null ? in.getResolvedTime() : in.getDetectionTime();
            default:
                return timestamp == null ? in.getDetectionTime() : Math.max(in.getDetectionTime(), timestamp);
        }
    }

    /**
     * Takes one resource impairment record. A member of a known fleet (or a record of an
     * impairment that was one) is held until the moment {@code eventTime} is complete:
     * {@code wakeAt} is told when to call {@link #advance}, and nothing is returned yet. When the
     * watermark has already passed that moment the record is applied at once, as its own moment.
     * Records of an impairment are applied in the order they came (a later one waits behind a
     * held one).
     *
     * @return what to emit now: the record as it leaves, fleet and zone records, member UPDATEs
     */
    public List<Impairment> offer(Impairment in, long eventTime, long watermark, long emitTime, LongConsumer wakeAt) {
        long heldUntil = members.heldUntil(in.getId());
        if (heldUntil == Long.MIN_VALUE && GroupJudge.fleetOf(in) == null && members.get(in.getId()) == null) {
            return Collections.singletonList(in.toBuilder().emitTime(emitTime).build()); // nothing to correlate
        }
        long time = Math.max(eventTime, heldUntil);
        if (time > watermark) {
            members.hold(time, in);
            wakeAt.accept(time);
            return Collections.emptyList();
        }
        return moment(new ArrayList<>(Collections.singletonList(in)), time, emitTime);
    }

    /** The watermark passed {@code time}: applies what was held for that moment and judges fleets and zones. */
    public List<Impairment> advance(long time, long emitTime) {
        return moment(members.release(time), time, emitTime);
    }

    /**
     * Applies every record of one moment, then judges fleets and zones once, then emits: fleet and
     * zone records, the moment's records with the verdict after it, and UPDATEs of other members
     * whose verdict changed.
     */
    private List<Impairment> moment(List<Impairment> batch, long time, long emitTime) {
        batch.sort(MOMENT_ORDER);
        Map<String, Impairment> lastEmitted = new HashMap<>();
        Map<String, Boolean> withheldBefore = new TreeMap<>();
        for (Impairment in : batch) {
            Member before = members.get(in.getId());
            if (!lastEmitted.containsKey(in.getId())) {
                lastEmitted.put(in.getId(), before == null ? null : before.emitted);
            }
            for (String f : fleetsOf(in, before)) {
                withheldBefore.computeIfAbsent(f, judge::withholds);
            }
            place(in, before);
        }
        List<Impairment> out = new ArrayList<>();
        Set<String> verdictFleets = new TreeSet<>();
        for (Map.Entry<String, Boolean> f : withheldBefore.entrySet()) {
            Impairment record = judge.judgeFleet(f.getKey(), batch, time, emitTime);
            if (record != null) {
                out.add(record);
                if (record.getState() != LifecycleState.UPDATE) {
                    verdictFleets.add(f.getKey());
                }
            }
            if (judge.withholds(f.getKey()) != f.getValue()) {
                verdictFleets.add(f.getKey());
            }
        }
        Set<String> verdictZones = new TreeSet<>();
        out.addAll(judge.settleZones(time, emitTime, verdictZones));
        Set<String> inMoment = new TreeSet<>();
        for (int k = 0; k < batch.size(); k++) {
            Impairment in = batch.get(k);
            Impairment previous = lastEmitted.get(in.getId());
            Impairment own = withholding.verdict(in, previous == null ? in.getRevision() : previous.getRevision() + 1,
                    emitTime);
            lastEmitted.put(in.getId(), own);
            boolean latestOfItsImpairment = k + 1 == batch.size() || !batch.get(k + 1).getId().equals(in.getId());
            if (latestOfItsImpairment && in.getState() != LifecycleState.RESOLVED) {
                members.put(in.getId(), new Member(in, own));
            }
            inMoment.add(in.getId());
            out.add(own);
        }
        if (!verdictFleets.isEmpty() || !verdictZones.isEmpty()) {
            withholding.reissue(verdictFleets, verdictZones, inMoment, emitTime, out);
        }
        return out;
    }

    /** The fleets a record concerns: its own, and the one it was in before (it may have moved). */
    private static Set<String> fleetsOf(Impairment in, Member before) {
        Set<String> fleets = new TreeSet<>();
        addIfPresent(fleets, GroupJudge.fleetOf(in));
        if (before != null) {
            addIfPresent(fleets, GroupJudge.fleetOf(before.input));
        }
        return fleets;
    }

    /** Moves a record into the counts and member store (its verdict comes later, once the moment is judged). */
    private void place(Impairment in, Member before) {
        Topology t = in.getTopology();
        if (t != null && t.fleet() != null && !t.getFleetMembersByZone().isEmpty() && !t.fleet().equals(in.getResourceId())) {
            judge.counts.size(t.fleet(), t.getFleetMembersByZone());
        }
        boolean open = in.getState() != LifecycleState.RESOLVED;
        boolean samePlace = before != null && open && Objects.equals(GroupJudge.fleetOf(before.input), GroupJudge.fleetOf(in))
                && GroupJudge.zoneOf(before.input).equals(GroupJudge.zoneOf(in));
        if (before != null) {
            count(before.input, -1);
            if (!samePlace) {
                judge.link(before.input, false);
            }
        }
        if (open) {
            count(in, +1);
            if (!samePlace) {
                judge.link(in, true);
            }
            members.put(in.getId(), new Member(in, before == null ? in : before.emitted));
        } else {
            members.remove(in.getId());
        }
    }

    private static void addIfPresent(Set<String> s, String v) {
        if (v != null) {
            s.add(v);
        }
    }

    /** Counts an open impairment in (+1) or out (-1) of its resource's fleet and zone. */
    private void count(Impairment i, int delta) {
        String fleet = GroupJudge.fleetOf(i);
        if (fleet == null) {
            return;
        }
        String zone = GroupJudge.zoneOf(i);
        String key = fleet + "|" + zone + "|" + i.getResourceId();
        int before = members.count(key);
        int after = Math.max(0, before + delta);
        members.setCount(key, after);
        if ((before == 0) != (after == 0)) {
            judge.counts.impaired(fleet, zone, after > 0 ? 1 : -1);
        }
    }

    /** Writes the region's aggregates; members and held records are in the store (see {@link GroupJudge#writeTo}). */
    public void writeTo(DataOutput out) throws IOException {
        judge.writeTo(out);
    }

    public static Correlator readFrom(CorrelationConfig config, String account, String region, MemberStore members,
                                      DataInput in) throws IOException {
        Correlator c = new Correlator(config, account, region, members);
        c.judge.readFrom(in);
        return c;
    }

    @Override
    public String toString() {
        return "Correlator{" + account + "/" + region + ", " + judge.counts + ", groups=" + judge.groups.keySet() + "}";
    }
}
