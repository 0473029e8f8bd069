package dev.vigil.detector.correlate;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One account and region's view of its impaired resources, to see the fleet: which Auto Scaling
 * groups and target groups have how many members impaired, and whether one Availability Zone is
 * clearly worse than the others. Plain Java; the keyed Flink function holds one per account/region.
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
 * <p>A resource belongs to its fleet (its Auto Scaling group, else its first target group) when
 * the topology says so; fleet shares need the fleet's size, so fleets whose size is unknown are
 * not correlated (their members pass through unchanged). A target group's own impairment (e.g.
 * its 5xx ratio) is not a member of itself.
 */
public final class Correlator {
    static final String AVAILABILITY_ZONE = "AVAILABILITY_ZONE";
    private static final Set<ActionType> DESTRUCTIVE = Collections.unmodifiableSet(
            new HashSet<>(Arrays.asList(ActionType.REPLACE_INSTANCE, ActionType.DEREGISTER_TARGET)));

    private final CorrelationConfig config;
    private final String account;
    private final String region;

    /** Open member impairments by id, as the detector sent them, with what was last emitted. */
    private final TreeMap<String, Member> members = new TreeMap<>();
    /** Fleet name to members per zone, as the latest topology said. */
    private final TreeMap<String, Map<String, Integer>> fleetSizes = new TreeMap<>();
    /** Open fleet and zone impairments by "fleet:NAME" / "zone:NAME", as last emitted. */
    private final TreeMap<String, Impairment> groups = new TreeMap<>();

    public Correlator(CorrelationConfig config, String account, String region) {
        this.config = config;
        this.account = account;
        this.region = region;
    }

    private static final class Member {
        final Impairment input;
        final Impairment emitted;

        Member(Impairment input, Impairment emitted) {
            this.input = input;
            this.emitted = emitted;
        }
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
            fleetSizes.put(t.fleet(), t.getFleetMembersByZone());
        }
        if (in.getState() == LifecycleState.RESOLVED) {
            members.remove(in.getId());
        } else {
            members.put(in.getId(), new Member(in, before == null ? in : before.emitted));
        }

        List<Impairment> groupRecords = new ArrayList<>();
        Set<String> fleets = new TreeSet<>();
        addIfPresent(fleets, fleetOf(in));
        if (before != null) {
            addIfPresent(fleets, fleetOf(before.input));
        }
        for (String fleet : fleets) {
            addIfPresent(groupRecords, evaluateFleet(fleet, eventTime, emitTime));
        }

        List<Impairment> out = new ArrayList<>();
        Impairment own = verdict(in, revision, emitTime);
        if (in.getState() != LifecycleState.RESOLVED) {
            members.put(in.getId(), new Member(in, own));
        }
        out.add(own);
        out.addAll(groupRecords);
        reissueChanged(emitTime, out);
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
        List<Impairment> out = new ArrayList<>(evaluateZones(eventTime, emitTime));
        if (!out.isEmpty()) {
            reissueChanged(emitTime, out);
        }
        return out;
    }

    /** Re-issues, as UPDATEs, the open members whose verdict differs from what they last said. */
    private void reissueChanged(long emitTime, List<Impairment> out) {
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Member m = e.getValue();
            Impairment again = verdict(m.input, m.emitted.getRevision() + 1, emitTime);
            if (verdictChanged(m.emitted, again)) {
                Impairment update = again.toBuilder().state(LifecycleState.UPDATE).build();
                e.setValue(new Member(m.input, update));
                out.add(update);
            }
        }
    }

    private static <T> void addIfPresent(java.util.Collection<T> c, T v) {
        if (v != null) {
            c.add(v);
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
        return t == null ? null : t.getAvailabilityZone();
    }

    /** Distinct impaired resources of a fleet, by zone. */
    private Map<String, Set<String>> impairedByZone(String fleet) {
        Map<String, Set<String>> byZone = new TreeMap<>();
        for (Member m : members.values()) {
            if (fleet.equals(fleetOf(m.input))) {
                String zone = zoneOf(m.input);
                byZone.computeIfAbsent(zone == null ? "unknown" : zone, z -> new TreeSet<>()).add(m.input.getResourceId());
            }
        }
        return byZone;
    }

    private static int count(Map<String, Set<String>> byZone) {
        int n = 0;
        for (Set<String> s : byZone.values()) {
            n += s.size();
        }
        return n;
    }

    private static int sum(Map<String, Integer> sizes) {
        int n = 0;
        for (int v : sizes.values()) {
            n += v;
        }
        return n;
    }

    /** Impaired share of a fleet, or NaN when its size is unknown. */
    private double share(String fleet) {
        Map<String, Integer> sizes = fleet == null ? null : fleetSizes.get(fleet);
        if (sizes == null || sum(sizes) == 0) {
            return Double.NaN;
        }
        return (double) count(impairedByZone(fleet)) / sum(sizes);
    }

    private Impairment evaluateFleet(String fleet, long eventTime, long emitTime) {
        String key = "fleet:" + fleet;
        Impairment open = groups.get(key);
        double share = share(fleet);
        Map<String, Set<String>> impaired = impairedByZone(fleet);
        int n = count(impaired);
        List<Impairment> linked = membersOf(fleet, null);
        if (open == null) {
            if (share > config.fleetOpenShare() && n >= config.fleetMinImpaired()) {
                long firstBreach = Long.MAX_VALUE;
                for (Impairment m : linked) {
                    firstBreach = Math.min(firstBreach, m.getFirstBreachTime());
                }
                Impairment opened = fleetRecord(Impairment.builder()
                        .id(ImpairmentLifecycle.idFor("fleet|" + account + "/" + region + "/" + fleet, firstBreach))
                        .revision(0).state(LifecycleState.OPEN).firstBreachTime(firstBreach).detectionTime(eventTime),
                        fleet, linked, n, emitTime);
                groups.put(key, opened);
                return opened;
            }
            return null;
        }
        if (!(share > config.fleetRecoverShare())) {
            groups.remove(key);
            return fleetRecord(open.toBuilder().revision(open.getRevision() + 1).state(LifecycleState.RESOLVED)
                    .resolvedTime(eventTime), fleet, linked, n, emitTime);
        }
        Impairment next = fleetRecord(open.toBuilder().revision(open.getRevision() + 1).state(LifecycleState.UPDATE),
                fleet, linked, n, emitTime);
        if (Arrays.equals(next.getRelatedImpairments(), open.getRelatedImpairments())) {
            return null;
        }
        groups.put(key, next);
        return next;
    }

    private Impairment fleetRecord(Impairment.Builder b, String fleet, List<Impairment> linked, int impaired, long emitTime) {
        Map<String, Integer> sizes = fleetSizes.get(fleet);
        int size = sizes == null ? 0 : sum(sizes);
        boolean isGroup = !fleet.startsWith("targetgroup/");
        String summary = String.format("FLEET on %s: %d of %d members impaired (%.0f %%)", fleet, impaired, size,
                size == 0 ? 0.0 : 100.0 * impaired / size);
        Topology lead = linked.isEmpty() ? null : linked.get(0).getTopology();
        Topology t = new Topology(null, isGroup ? fleet : null,
                isGroup ? (lead == null ? null : lead.getTargetGroups()) : new String[] {fleet},
                lead == null ? null : lead.getLoadBalancer(), null, sizes, true, null);
        return b.resource(fleet, isGroup ? "AUTO_SCALING_GROUP" : "TARGET_GROUP").location(account, region)
                .type(ImpairmentType.FLEET).severity(Severity.CRITICAL).summary(summary)
                .evidence(Evidence.builder(EvidenceKind.CORRELATION).message(summary).build())
                .recommendedActions(ActionType.NOTIFY).topology(t).relatedImpairments(ids(linked))
                .memberActionsWithheld(true).humanRequired(true).emitTime(emitTime).build();
    }

    /** Open member impairments of a fleet (any fleet when null) in a zone (any zone when null), by id. */
    private List<Impairment> membersOf(String fleet, String zone) {
        List<Impairment> out = new ArrayList<>();
        for (Member m : members.values()) {
            String f = fleetOf(m.input);
            if (f != null && (fleet == null || fleet.equals(f)) && (zone == null || zone.equals(zoneOf(m.input)))) {
                out.add(m.input);
            }
        }
        return out;
    }

    private static String[] ids(List<Impairment> list) {
        String[] ids = new String[list.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = list.get(i).getId();
        }
        return ids;
    }

    /**
     * A zone is impaired when enough of its members are, across the fleets with members there,
     * while the same fleets' other zones are clearly better: a grey zone, not a bad deployment.
     */
    private List<Impairment> evaluateZones(long eventTime, long emitTime) {
        Map<String, int[]> zones = new TreeMap<>(); // zone -> {size, impaired, peer size, peer impaired}
        for (Map.Entry<String, Map<String, Integer>> f : fleetSizes.entrySet()) {
            Map<String, Set<String>> impaired = impairedByZone(f.getKey());
            int fleetSize = sum(f.getValue());
            int fleetImpaired = count(impaired);
            for (Map.Entry<String, Integer> z : f.getValue().entrySet()) {
                if (z.getValue() == 0) {
                    continue;
                }
                int inZone = impaired.getOrDefault(z.getKey(), Collections.emptySet()).size();
                int[] agg = zones.computeIfAbsent(z.getKey(), k -> new int[4]);
                agg[0] += z.getValue();
                agg[1] += inZone;
                agg[2] += fleetSize - z.getValue();
                agg[3] += fleetImpaired - inZone;
            }
        }
        List<Impairment> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>();
        for (String z : zones.keySet()) {
            keys.add("zone:" + z);
        }
        for (String k : groups.keySet()) {
            if (k.startsWith("zone:")) {
                keys.add(k);
            }
        }
        for (String key : keys) {
            String zone = key.substring("zone:".length());
            int[] agg = zones.getOrDefault(zone, new int[4]);
            double share = agg[0] == 0 ? 0 : (double) agg[1] / agg[0];
            double peers = agg[2] == 0 ? Double.NaN : (double) agg[3] / agg[2];
            Impairment open = groups.get(key);
            List<Impairment> linked = membersOf(null, zone);
            if (open == null) {
                boolean worse = agg[1] >= config.zoneMinImpaired() && share >= config.zoneMinShare()
                        && peers <= share * config.zonePeerRatio();
                if (worse) {
                    long firstBreach = Long.MAX_VALUE;
                    for (Impairment m : linked) {
                        firstBreach = Math.min(firstBreach, m.getFirstBreachTime());
                    }
                    Impairment opened = zoneRecord(Impairment.builder()
                            .id(ImpairmentLifecycle.idFor("zone|" + account + "/" + region + "/" + zone, firstBreach))
                            .revision(0).state(LifecycleState.OPEN).firstBreachTime(firstBreach).detectionTime(eventTime),
                            zone, linked, agg, emitTime);
                    groups.put(key, opened);
                    out.add(opened);
                }
            } else if (share < config.zoneRecoverShare() || agg[1] < config.zoneMinImpaired()) {
                groups.remove(key);
                out.add(zoneRecord(open.toBuilder().revision(open.getRevision() + 1).state(LifecycleState.RESOLVED)
                        .resolvedTime(eventTime), zone, linked, agg, emitTime));
            } else {
                Impairment next = zoneRecord(open.toBuilder().revision(open.getRevision() + 1).state(LifecycleState.UPDATE),
                        zone, linked, agg, emitTime);
                if (!Arrays.equals(next.getRelatedImpairments(), open.getRelatedImpairments())) {
                    groups.put(key, next);
                    out.add(next);
                }
            }
        }
        return out;
    }

    private Impairment zoneRecord(Impairment.Builder b, String zone, List<Impairment> linked, int[] agg, long emitTime) {
        String summary = String.format("ZONE %s: %d of %d members impaired (%.0f %%) against %d of %d in the other zones of the same fleets",
                zone, agg[1], agg[0], agg[0] == 0 ? 0.0 : 100.0 * agg[1] / agg[0], agg[3], agg[2]);
        // What a zonal shift needs: the load balancers (and their tags) of the impaired members.
        Set<String> targetGroups = new LinkedHashSet<>();
        String loadBalancer = null;
        Map<String, String> tags = new TreeMap<>();
        for (Impairment m : linked) {
            Topology t = m.getTopology();
            targetGroups.addAll(Arrays.asList(t.getTargetGroups()));
            if (loadBalancer == null && t.getLoadBalancer() != null) {
                loadBalancer = t.getLoadBalancer();
                tags.putAll(t.getTags());
            }
        }
        Topology t = new Topology(zone, null, targetGroups.toArray(new String[0]), loadBalancer, tags, null, true, null);
        return b.resource(zone, AVAILABILITY_ZONE).location(account, region)
                .type(ImpairmentType.ZONE).severity(Severity.CRITICAL).summary(summary)
                .evidence(Evidence.builder(EvidenceKind.CORRELATION).message(summary).build())
                .recommendedActions(ActionType.ZONAL_SHIFT, ActionType.NOTIFY).topology(t)
                .relatedImpairments(ids(linked)).memberActionsWithheld(true).humanRequired(false)
                .emitTime(emitTime).build();
    }

    /** The member record as it leaves: the fleet's verdict applied to what the detector recommended. */
    private Impairment verdict(Impairment in, int revision, long emitTime) {
        String fleet = fleetOf(in);
        String zone = zoneOf(in);
        Impairment fleetImpairment = fleet == null ? null : groups.get("fleet:" + fleet);
        Impairment zoneImpairment = zone == null || fleet == null ? null : groups.get("zone:" + zone);
        boolean withhold = fleetImpairment != null || zoneImpairment != null || share(fleet) > config.withholdShare();
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

    /** Writes everything open as JSON records: only impaired regions have state, and it stays readable in a dump. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(1);
        out.writeInt(members.size());
        for (Member m : members.values()) {
            writeBytes(out, Json.toBytes(m.input));
            writeBytes(out, Json.toBytes(m.emitted));
        }
        out.writeInt(fleetSizes.size());
        for (Map.Entry<String, Map<String, Integer>> f : fleetSizes.entrySet()) {
            out.writeUTF(f.getKey());
            out.writeInt(f.getValue().size());
            for (Map.Entry<String, Integer> z : f.getValue().entrySet()) {
                out.writeUTF(z.getKey());
                out.writeInt(z.getValue());
            }
        }
        out.writeInt(groups.size());
        for (Map.Entry<String, Impairment> g : groups.entrySet()) {
            out.writeUTF(g.getKey());
            writeBytes(out, Json.toBytes(g.getValue()));
        }
    }

    public static Correlator readFrom(CorrelationConfig config, String account, String region, DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != 1) {
            throw new IOException("unknown correlation state version " + version);
        }
        Correlator c = new Correlator(config, account, region);
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Impairment input = Json.fromBytes(readBytes(in), Impairment.class);
            Impairment emitted = Json.fromBytes(readBytes(in), Impairment.class);
            c.members.put(input.getId(), new Member(input, emitted));
        }
        int fleets = in.readInt();
        for (int i = 0; i < fleets; i++) {
            String fleet = in.readUTF();
            int zones = in.readInt();
            Map<String, Integer> sizes = new TreeMap<>();
            for (int k = 0; k < zones; k++) {
                sizes.put(in.readUTF(), in.readInt());
            }
            c.fleetSizes.put(fleet, sizes);
        }
        int g = in.readInt();
        for (int i = 0; i < g; i++) {
            c.groups.put(in.readUTF(), Json.fromBytes(readBytes(in), Impairment.class));
        }
        return c;
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    /** Key of the Flink function: one correlator per account and region. */
    public static String keyOf(Impairment i) {
        return i.getAccount() + "/" + i.getRegion();
    }

    /** Fleet sizes kept, for tests and metrics. */
    Map<String, Map<String, Integer>> fleetSizes() {
        return new HashMap<>(fleetSizes);
    }
}
