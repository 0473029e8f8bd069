package dev.vigil.detector.correlate;

import dev.vigil.detector.correlate.MemberStore.Member;
import dev.vigil.detector.health.ImpairmentLifecycle;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Severity;
import dev.vigil.schemas.Topology;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    private static final int STATE_VERSION = 2;
    private static final Set<ActionType> DESTRUCTIVE = Collections.unmodifiableSet(
            new HashSet<>(Arrays.asList(ActionType.REPLACE_INSTANCE, ActionType.DEREGISTER_TARGET)));

    private final CorrelationConfig config;
    private final String account;
    private final String region;
    private final MemberStore members;

    /** Fleet name to members per zone, as the latest topology said. */
    private final TreeMap<String, Map<String, Integer>> fleetSizes = new TreeMap<>();
    /** Fleet name to distinct impaired resources per zone. */
    private final TreeMap<String, Map<String, Integer>> impaired = new TreeMap<>();
    /** Open fleet and zone impairments by "fleet:NAME" / "zone:NAME", as last emitted or about to be. */
    private final TreeMap<String, Impairment> groups = new TreeMap<>();
    /** Open zone impairments whose linked members changed since they were last emitted. */
    private final TreeSet<String> changedZones = new TreeSet<>();

    public Correlator(CorrelationConfig config, String account, String region, MemberStore members) {
        this.config = config;
        this.account = account;
        this.region = region;
        this.members = members;
    }

    /** True when nothing is open: the state may be dropped. */
    public boolean isIdle() {
        return members.isEmpty() && groups.isEmpty();
    }

    /**
     * Takes one resource impairment record and returns what to emit, in order: the record itself
     * (renumbered, with the fleet's verdict), opened/updated/resolved fleet impairments, and
     * UPDATEs of other members whose verdict changed. Zones are judged separately, by
     * {@link #settleZones}, once every record of the moment is in.
     *
     * @param eventTime the record's event time: when fleet impairments open or resolve
     */
    public List<Impairment> apply(Impairment in, long eventTime, long emitTime) {
        Member before = members.get(in.getId());
        int revision = before == null ? in.getRevision() : before.emitted.getRevision() + 1;
        Topology t = in.getTopology();
        if (t != null && t.fleet() != null && !t.getFleetMembersByZone().isEmpty() && !t.fleet().equals(in.getResourceId())) {
            fleetSizes.put(t.fleet(), new TreeMap<>(t.getFleetMembersByZone()));
        }
        Set<String> fleets = new TreeSet<>();
        addIfPresent(fleets, fleetOf(in));
        if (before != null) {
            addIfPresent(fleets, fleetOf(before.input));
        }
        Map<String, Boolean> withheldBefore = new TreeMap<>();
        for (String f : fleets) {
            withheldBefore.put(f, withholds(f));
        }

        boolean open = in.getState() != LifecycleState.RESOLVED;
        boolean samePlace = before != null && open && Objects.equals(fleetOf(before.input), fleetOf(in))
                && zoneOf(before.input).equals(zoneOf(in));
        if (before != null) {
            count(before.input, -1);
            if (!samePlace) {
                link(before.input, false);
            }
        }
        if (open) {
            count(in, +1);
            if (!samePlace) {
                link(in, true);
            }
        } else {
            members.remove(in.getId());
        }

        List<Impairment> groupRecords = new ArrayList<>();
        Set<String> changedFleets = new TreeSet<>();
        for (String fleet : fleets) {
            Impairment record = evaluateFleet(fleet, open ? in : null, eventTime, emitTime);
            if (record != null) {
                changedFleets.add(fleet);
            } else {
                record = relinkFleet(fleet, in, open && fleet.equals(fleetOf(in)), emitTime);
            }
            if (record != null) {
                groupRecords.add(record);
            }
            if (withholds(fleet) != withheldBefore.get(fleet)) {
                changedFleets.add(fleet);
            }
        }

        List<Impairment> out = new ArrayList<>();
        Impairment own = verdict(in, revision, emitTime);
        if (open) {
            members.put(in.getId(), new Member(in, own));
        }
        out.add(own);
        out.addAll(groupRecords);
        if (!changedFleets.isEmpty()) {
            reissue(changedFleets, Collections.emptySet(), in.getId(), emitTime, out);
        }
        return out;
    }

    /**
     * Judges every zone against its peers and returns zone impairment records and the member
     * UPDATEs that follow. Zones, unlike fleets, are judged only when the moment is complete (the
     * Flink function calls this at the watermark): the first two of six impairments of one instant
     * may well sit in the same zone, and a zone must not look grey just because its records
     * arrived first.
     */
    public List<Impairment> settleZones(long eventTime, long emitTime) {
        Map<String, int[]> zones = zoneTotals();
        Set<String> keys = new TreeSet<>();
        for (String z : zones.keySet()) {
            keys.add("zone:" + z);
        }
        for (String k : groups.keySet()) {
            if (k.startsWith("zone:")) {
                keys.add(k);
            }
        }
        List<Impairment> out = new ArrayList<>();
        Set<String> verdictChanged = new TreeSet<>();
        for (String key : keys) {
            String zone = key.substring("zone:".length());
            int[] agg = zones.getOrDefault(zone, new int[4]);
            double share = agg[0] == 0 ? 0 : (double) agg[1] / agg[0];
            double peers = agg[2] == 0 ? Double.NaN : (double) agg[3] / agg[2];
            Impairment open = groups.get(key);
            if (open == null) {
                boolean worse = agg[1] >= config.zoneMinImpaired() && share >= config.zoneMinShare()
                        && peers <= share * config.zonePeerRatio();
                if (worse) {
                    Linked linked = linked(null, zone, null);
                    Impairment opened = zoneRecord(Impairment.builder()
                            .id(ImpairmentLifecycle.idFor("zone|" + account + "/" + region + "/" + zone, linked.firstBreach))
                            .revision(0).state(LifecycleState.OPEN).firstBreachTime(linked.firstBreach).detectionTime(eventTime),
                            zone, linked.ids, agg, linked.topologies, emitTime);
                    groups.put(key, opened);
                    out.add(opened);
                    verdictChanged.add(zone);
                }
            } else if (share < config.zoneRecoverShare() || agg[1] < config.zoneMinImpaired()) {
                groups.remove(key);
                out.add(zoneRecord(open.toBuilder().revision(open.getRevision() + 1).state(LifecycleState.RESOLVED)
                        .resolvedTime(eventTime), zone, Arrays.asList(open.getRelatedImpairments()), agg, null, emitTime));
                verdictChanged.add(zone);
            } else if (changedZones.remove(zone)) {
                Impairment next = zoneRecord(open.toBuilder().revision(open.getRevision() + 1).state(LifecycleState.UPDATE),
                        zone, Arrays.asList(open.getRelatedImpairments()), agg, null, emitTime);
                groups.put(key, next);
                out.add(next);
            }
        }
        changedZones.clear();
        if (!verdictChanged.isEmpty()) {
            reissue(Collections.emptySet(), verdictChanged, null, emitTime, out);
        }
        return out;
    }

    /** Re-issues, as UPDATEs, the open members of these fleets or zones whose verdict differs from what they last said. */
    private void reissue(Set<String> fleets, Set<String> zones, String except, long emitTime, List<Impairment> out) {
        List<Member> changed = new ArrayList<>();
        for (Member m : members.all()) {
            String fleet = fleetOf(m.input);
            if (m.input.getId().equals(except) || fleet == null
                    || !(fleets.contains(fleet) || zones.contains(zoneOf(m.input)))) {
                continue;
            }
            Impairment again = verdict(m.input, m.emitted.getRevision() + 1, emitTime);
            if (verdictChanged(m.emitted, again)) {
                changed.add(new Member(m.input, again.toBuilder().state(LifecycleState.UPDATE).build()));
            }
        }
        // Sorted, so the output does not depend on the store's iteration order.
        changed.sort((a, b) -> a.input.getId().compareTo(b.input.getId()));
        for (Member m : changed) {
            members.put(m.input.getId(), m);
            out.add(m.emitted);
        }
    }

    private static void addIfPresent(Set<String> s, String v) {
        if (v != null) {
            s.add(v);
        }
    }

    /** The member's fleet, or null when unknown or when the resource is the fleet itself. */
    private static String fleetOf(Impairment i) {
        Topology t = i.getTopology();
        String fleet = t == null ? null : t.fleet();
        return fleet == null || fleet.equals(i.getResourceId()) ? null : fleet;
    }

    private static String zoneOf(Impairment i) {
        Topology t = i.getTopology();
        return t == null || t.getAvailabilityZone() == null ? "unknown" : t.getAvailabilityZone();
    }

    /** Counts an open impairment in (+1) or out (-1) of its resource's fleet and zone. */
    private void count(Impairment i, int delta) {
        String fleet = fleetOf(i);
        if (fleet == null) {
            return;
        }
        String zone = zoneOf(i);
        String key = fleet + "|" + zone + "|" + i.getResourceId();
        int before = members.count(key);
        int after = Math.max(0, before + delta);
        members.setCount(key, after);
        if ((before == 0) != (after == 0)) {
            Map<String, Integer> byZone = impaired.computeIfAbsent(fleet, f -> new TreeMap<>());
            int n = byZone.getOrDefault(zone, 0) + (after > 0 ? 1 : -1);
            if (n <= 0) {
                byZone.remove(zone);
                if (byZone.isEmpty()) {
                    impaired.remove(fleet);
                }
            } else {
                byZone.put(zone, n);
            }
        }
    }

    /**
     * Adds the member to (or takes it from) the linked ids of its zone's open impairment; the zone
     * record goes out when the zones are settled. (An open fleet impairment is relinked at once,
     * by {@link #relinkFleet}.)
     */
    private void link(Impairment i, boolean add) {
        String fleet = fleetOf(i);
        if (fleet == null) {
            return;
        }
        String zone = zoneOf(i);
        Impairment z = groups.get("zone:" + zone);
        if (z != null) {
            String[] related = relink(z.getRelatedImpairments(), i.getId(), add);
            if (related != null) {
                groups.put("zone:" + zone, z.toBuilder().relatedImpairments(related).build());
                changedZones.add(zone);
            }
        }
    }

    /** The ids with {@code id} added or removed (capped, sorted); null when nothing changed. */
    private static String[] relink(String[] ids, String id, boolean add) {
        TreeSet<String> set = new TreeSet<>(Arrays.asList(ids));
        boolean changed = add ? set.size() < MAX_RELATED && set.add(id) : set.remove(id);
        return changed ? set.toArray(new String[0]) : null;
    }

    private static int sum(Map<String, Integer> m) {
        int n = 0;
        if (m != null) {
            for (int v : m.values()) {
                n += v;
            }
        }
        return n;
    }

    /** Impaired share of a fleet, or NaN when its size is unknown. */
    private double share(String fleet) {
        int size = fleet == null ? 0 : sum(fleetSizes.get(fleet));
        return size == 0 ? Double.NaN : (double) sum(impaired.get(fleet)) / size;
    }

    private boolean withholds(String fleet) {
        return groups.containsKey("fleet:" + fleet) || share(fleet) > config.withholdShare();
    }

    /** Open members of a fleet (any when null) in a zone (any when null): ids (capped), earliest first breach, topologies. */
    private static final class Linked {
        final List<String> ids = new ArrayList<>();
        final List<Topology> topologies = new ArrayList<>();
        long firstBreach = Long.MAX_VALUE;
    }

    /** @param pending the record being applied, not stored yet (it replaces its stored version); null for none */
    private Linked linked(String fleet, String zone, Impairment pending) {
        List<Impairment> found = new ArrayList<>();
        for (Member m : members.all()) {
            if (pending == null || !pending.getId().equals(m.input.getId())) {
                addIfLinked(found, m.input, fleet, zone);
            }
        }
        if (pending != null) {
            addIfLinked(found, pending, fleet, zone);
        }
        found.sort((a, b) -> a.getId().compareTo(b.getId()));
        Linked l = new Linked();
        for (Impairment i : found) {
            l.firstBreach = Math.min(l.firstBreach, i.getFirstBreachTime());
            if (l.ids.size() < MAX_RELATED) {
                l.ids.add(i.getId());
                l.topologies.add(i.getTopology());
            }
        }
        return l;
    }

    private static void addIfLinked(List<Impairment> found, Impairment i, String fleet, String zone) {
        String f = fleetOf(i);
        if (f != null && (fleet == null || fleet.equals(f)) && (zone == null || zone.equals(zoneOf(i)))) {
            found.add(i);
        }
    }

    /** @param pending the open record being applied (not stored yet), or null */
    private Impairment evaluateFleet(String fleet, Impairment pending, long eventTime, long emitTime) {
        String key = "fleet:" + fleet;
        Impairment open = groups.get(key);
        double share = share(fleet);
        int n = sum(impaired.get(fleet));
        if (open == null) {
            if (share > config.fleetOpenShare() && n >= config.fleetMinImpaired()) {
                Linked linked = linked(fleet, null, pending);
                Topology lead = linked.topologies.isEmpty() ? null : linked.topologies.get(0);
                Impairment opened = fleetRecord(Impairment.builder()
                        .id(ImpairmentLifecycle.idFor("fleet|" + account + "/" + region + "/" + fleet, linked.firstBreach))
                        .revision(0).state(LifecycleState.OPEN).firstBreachTime(linked.firstBreach).detectionTime(eventTime),
                        fleet, linked.ids.toArray(new String[0]), lead, n, emitTime);
                groups.put(key, opened);
                return opened;
            }
            return null;
        }
        if (!(share > config.fleetRecoverShare())) {
            groups.remove(key);
            return fleetRecord(open.toBuilder().revision(open.getRevision() + 1).state(LifecycleState.RESOLVED)
                    .resolvedTime(eventTime), fleet, open.getRelatedImpairments(), open.getTopology(), n, emitTime);
        }
        return null;
    }

    /** A member came or went while its fleet's impairment is open: the fleet record says so. */
    private Impairment relinkFleet(String fleet, Impairment member, boolean add, long emitTime) {
        String key = "fleet:" + fleet;
        Impairment open = groups.get(key);
        String[] related = open == null ? null : relink(open.getRelatedImpairments(), member.getId(), add);
        if (related == null) {
            return null;
        }
        Impairment next = fleetRecord(open.toBuilder().revision(open.getRevision() + 1).state(LifecycleState.UPDATE),
                fleet, related, open.getTopology(), sum(impaired.get(fleet)), emitTime);
        groups.put(key, next);
        return next;
    }

    private Impairment fleetRecord(Impairment.Builder b, String fleet, String[] related, Topology lead, int impairedCount,
                                   long emitTime) {
        Map<String, Integer> sizes = fleetSizes.get(fleet);
        int size = sum(sizes);
        boolean isGroup = !fleet.startsWith("targetgroup/");
        String summary = String.format("FLEET on %s: %d of %d members impaired (%.0f %%)", fleet, impairedCount, size,
                size == 0 ? 0.0 : 100.0 * impairedCount / size);
        Topology t = new Topology(null, isGroup ? fleet : null,
                isGroup ? (lead == null ? null : lead.getTargetGroups()) : new String[] {fleet},
                lead == null ? null : lead.getLoadBalancer(), null, sizes, true, null);
        return b.resource(fleet, isGroup ? "AUTO_SCALING_GROUP" : "TARGET_GROUP").location(account, region)
                .type(ImpairmentType.FLEET).severity(Severity.CRITICAL).summary(summary)
                .evidence(Evidence.builder(EvidenceKind.CORRELATION).message(summary).build())
                .recommendedActions(ActionType.NOTIFY).topology(t).relatedImpairments(related)
                .memberActionsWithheld(true).humanRequired(true).emitTime(emitTime).build();
    }

    /**
     * Per zone, across the fleets with members there: {members, impaired, members of the same
     * fleets in other zones, impaired there}.
     */
    private Map<String, int[]> zoneTotals() {
        Map<String, int[]> zones = new TreeMap<>();
        for (Map.Entry<String, Map<String, Integer>> f : fleetSizes.entrySet()) {
            Map<String, Integer> bad = impaired.getOrDefault(f.getKey(), Collections.emptyMap());
            int fleetSize = sum(f.getValue());
            int fleetImpaired = sum(bad);
            for (Map.Entry<String, Integer> z : f.getValue().entrySet()) {
                if (z.getValue() == 0) {
                    continue;
                }
                int inZone = bad.getOrDefault(z.getKey(), 0);
                int[] agg = zones.computeIfAbsent(z.getKey(), k -> new int[4]);
                agg[0] += z.getValue();
                agg[1] += inZone;
                agg[2] += fleetSize - z.getValue();
                agg[3] += fleetImpaired - inZone;
            }
        }
        return zones;
    }

    /** @param topologies the linked members' topologies when opening (for the load balancer and tags); null to keep the open record's */
    private Impairment zoneRecord(Impairment.Builder b, String zone, List<String> related, int[] agg, List<Topology> topologies,
                                  long emitTime) {
        String summary = String.format("ZONE %s: %d of %d members impaired (%.0f %%) against %d of %d in the other zones of the same fleets",
                zone, agg[1], agg[0], agg[0] == 0 ? 0.0 : 100.0 * agg[1] / agg[0], agg[3], agg[2]);
        if (topologies != null) {
            // What a zonal shift needs: the load balancers (and their tags) of the impaired members.
            Set<String> targetGroups = new LinkedHashSet<>();
            String loadBalancer = null;
            Map<String, String> tags = new TreeMap<>();
            for (Topology t : topologies) {
                targetGroups.addAll(Arrays.asList(t.getTargetGroups()));
                if (loadBalancer == null && t.getLoadBalancer() != null) {
                    loadBalancer = t.getLoadBalancer();
                    tags.putAll(t.getTags());
                }
            }
            b.topology(new Topology(zone, null, targetGroups.toArray(new String[0]), loadBalancer, tags, null, true, null));
        }
        return b.resource(zone, AVAILABILITY_ZONE).location(account, region)
                .type(ImpairmentType.ZONE).severity(Severity.CRITICAL).summary(summary)
                .evidence(Evidence.builder(EvidenceKind.CORRELATION).message(summary).build())
                .recommendedActions(ActionType.ZONAL_SHIFT, ActionType.NOTIFY)
                .relatedImpairments(related.toArray(new String[0])).memberActionsWithheld(true).humanRequired(false)
                .emitTime(emitTime).build();
    }

    /** The member record as it leaves: the fleet's verdict applied to what the detector recommended. */
    private Impairment verdict(Impairment in, int revision, long emitTime) {
        String fleet = fleetOf(in);
        Impairment fleetImpairment = fleet == null ? null : groups.get("fleet:" + fleet);
        Impairment zoneImpairment = fleet == null ? null : groups.get("zone:" + zoneOf(in));
        boolean withhold = zoneImpairment != null || fleet != null && withholds(fleet);
        List<String> related = new ArrayList<>();
        if (fleetImpairment != null) {
            related.add(fleetImpairment.getId());
        }
        if (zoneImpairment != null) {
            related.add(zoneImpairment.getId());
        }
        Impairment.Builder b = in.toBuilder().revision(revision).emitTime(emitTime)
                .relatedImpairments(related.toArray(new String[0]))
                .memberActionsWithheld(withhold).humanRequired(withhold || in.isHumanRequired());
        if (withhold) {
            Set<ActionType> actions = new LinkedHashSet<>();
            for (ActionType a : in.getRecommendedActions()) {
                if (!DESTRUCTIVE.contains(a)) {
                    actions.add(a);
                }
            }
            actions.add(ActionType.NOTIFY);
            b.recommendedActions(actions.toArray(new ActionType[0]));
        }
        return b.build();
    }

    private static boolean verdictChanged(Impairment before, Impairment after) {
        return before.isMemberActionsWithheld() != after.isMemberActionsWithheld()
                || before.isHumanRequired() != after.isHumanRequired()
                || !Arrays.equals(before.getRelatedImpairments(), after.getRelatedImpairments())
                || !Arrays.equals(before.getRecommendedActions(), after.getRecommendedActions());
    }

    /**
     * Writes the region's aggregates: fleet sizes and impaired counts per zone, and the open fleet
     * and zone impairments (JSON: few, and readable in a state dump). Members live in the store.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(STATE_VERSION);
        writeCounts(out, fleetSizes);
        writeCounts(out, impaired);
        out.writeInt(groups.size());
        for (Map.Entry<String, Impairment> g : groups.entrySet()) {
            out.writeUTF(g.getKey());
            byte[] b = Json.toBytes(g.getValue());
            out.writeInt(b.length);
            out.write(b);
        }
        out.writeInt(changedZones.size());
        for (String z : changedZones) {
            out.writeUTF(z);
        }
    }

    public static Correlator readFrom(CorrelationConfig config, String account, String region, MemberStore members,
                                      DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != STATE_VERSION) {
            throw new IOException("unknown correlation state version " + version);
        }
        Correlator c = new Correlator(config, account, region, members);
        readCounts(in, c.fleetSizes);
        readCounts(in, c.impaired);
        int g = in.readInt();
        for (int i = 0; i < g; i++) {
            String key = in.readUTF();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            c.groups.put(key, Json.fromBytes(b, Impairment.class));
        }
        int z = in.readInt();
        for (int i = 0; i < z; i++) {
            c.changedZones.add(in.readUTF());
        }
        return c;
    }

    private static void writeCounts(DataOutput out, TreeMap<String, Map<String, Integer>> counts) throws IOException {
        out.writeInt(counts.size());
        for (Map.Entry<String, Map<String, Integer>> f : counts.entrySet()) {
            out.writeUTF(f.getKey());
            out.writeInt(f.getValue().size());
            for (Map.Entry<String, Integer> e : f.getValue().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue());
            }
        }
    }

    private static void readCounts(DataInput in, TreeMap<String, Map<String, Integer>> counts) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String fleet = in.readUTF();
            int zones = in.readInt();
            Map<String, Integer> m = new TreeMap<>();
            for (int k = 0; k < zones; k++) {
                m.put(in.readUTF(), in.readInt());
            }
            counts.put(fleet, m);
        }
    }

    /** Key of the Flink function: one correlator per account and region. */
    public static String keyOf(Impairment i) {
        return i.getAccount() + "/" + i.getRegion();
    }

    @Override
    public String toString() {
        return "Correlator{" + account + "/" + region + ", fleets=" + fleetSizes.keySet() + ", groups=" + groups.keySet()
                + ", impaired=" + impaired + "}";
    }

    /** For tests: a region equal in aggregates. */
    boolean sameAggregates(Correlator o) {
        return fleetSizes.equals(o.fleetSizes) && impaired.equals(o.impaired) && groups.equals(o.groups)
                && Objects.equals(changedZones, o.changedZones);
    }
}
