package dev.vigil.detector.correlate;

import dev.vigil.detector.correlate.MemberStore.Member;
import dev.vigil.detector.resource.ImpairmentRecords;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Topology;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fleet and zone verdicts of one region, made once a moment's records are in the counts:
 * which FLEET and ZONE impairments open, update or resolve. Holds the open ones; the
 * {@link Correlator} applies the records and emits.
 */
final class GroupJudge {
    private static final int STATE_VERSION = 2;
    private final CorrelationConfig config;
    private final String account;
    private final String region;
    private final MemberStore members;
    final FleetCounts counts = new FleetCounts();
    /** Open fleet and zone impairments by "fleet:NAME" / "zone:NAME", as last emitted. */
    final TreeMap<String, Impairment> groups = new TreeMap<>();
    /** Open zone impairments whose linked members changed in the moment being applied. */
    final TreeSet<String> changedZones = new TreeSet<>();

    GroupJudge(CorrelationConfig config, String account, String region, MemberStore members) {
        this.config = config;
        this.account = account;
        this.region = region;
        this.members = members;
    }

    Impairment fleetImpairment(String fleet) {
        return fleet == null ? null : groups.get("fleet:" + fleet);
    }

    Impairment zoneImpairment(String zone) {
        return groups.get("zone:" + zone);
    }

    /** The member's fleet, or null when unknown or when the resource is the fleet itself. */
    static String fleetOf(Impairment i) {
        Topology t = i.getTopology();
        String fleet = t == null ? null : t.fleet();
        return fleet == null || fleet.equals(i.getResourceId()) ? null : fleet;
    }

    static String zoneOf(Impairment i) {
        Topology t = i.getTopology();
        return t == null || t.getAvailabilityZone() == null ? "unknown" : t.getAvailabilityZone();
    }

    /**
     * Judges every zone against its peers and returns zone impairment records; {@code changed}
     * receives the zones whose verdict on members changed (opened or resolved).
     */
    List<Impairment> settleZones(long time, long emitTime, Set<String> changed) {
        Map<String, int[]> zones = counts.zoneTotals();
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
                    Linked linked = linked(null, zone);
                    Impairment opened = GroupRecords.zone(ImpairmentRecords.opened(
                            ImpairmentRecords.idFor("zone|" + account + "/" + region + "/" + zone, linked.firstBreach),
                            linked.firstBreach, Math.max(time, linked.firstBreach)),
                            account, region, zone, linked.ids, agg, linked.topologies, emitTime);
                    groups.put(key, opened);
                    out.add(opened);
                    changed.add(zone);
                }
            } else if (share < config.zoneRecoverShare() || agg[1] < config.zoneMinImpaired()) {
                groups.remove(key);
                out.add(GroupRecords.zone(ImpairmentRecords.resolved(open, Math.max(time, open.getDetectionTime())),
                        account, region, zone,
                        Arrays.asList(open.getRelatedImpairments()), agg, null, emitTime));
                changed.add(zone);
            } else if (changedZones.contains(zone)) {
                Impairment next = GroupRecords.zone(ImpairmentRecords.updated(open),
                        account, region, zone, Arrays.asList(open.getRelatedImpairments()), agg, null, emitTime);
                groups.put(key, next);
                out.add(next);
            }
        }
        changedZones.clear();
        return out;
    }

    /** Opens or resolves a fleet's impairment, or, while it stays open, relinks the moment's members to it. */
    Impairment judgeFleet(String fleet, List<Impairment> moment, long time, long emitTime) {
        String key = "fleet:" + fleet;
        Impairment open = groups.get(key);
        double share = counts.share(fleet);
        int n = counts.impaired(fleet);
        if (open == null) {
            if (!(share > config.fleetOpenShare() && n >= config.fleetMinImpaired())) {
                return null;
            }
            Linked linked = linked(fleet, null);
            Topology lead = linked.topologies.isEmpty() ? null : linked.topologies.get(0);
            Impairment opened = GroupRecords.fleet(ImpairmentRecords.opened(
                    ImpairmentRecords.idFor("fleet|" + account + "/" + region + "/" + fleet, linked.firstBreach),
                    linked.firstBreach, Math.max(time, linked.firstBreach)),
                    account, region, fleet, linked.ids.toArray(new String[0]), lead, n, counts.sizeByZone(fleet), emitTime);
            groups.put(key, opened);
            return opened;
        }
        if (!(share > config.fleetRecoverShare())) {
            groups.remove(key);
            return GroupRecords.fleet(ImpairmentRecords.resolved(open, Math.max(time, open.getDetectionTime())),
                    account, region, fleet,
                    open.getRelatedImpairments(), open.getTopology(), n, counts.sizeByZone(fleet), emitTime);
        }
        TreeSet<String> related = new TreeSet<>(Arrays.asList(open.getRelatedImpairments()));
        long firstBreach = open.getFirstBreachTime();
        for (Impairment in : moment) {
            if (in.getState() != LifecycleState.RESOLVED && fleet.equals(fleetOf(in))) {
                if (related.size() < Correlator.MAX_RELATED) {
                    related.add(in.getId());
                }
                // A member that joins with an earlier breach dates the fleet's impairment (not its id).
                firstBreach = Math.min(firstBreach, in.getFirstBreachTime());
            } else {
                related.remove(in.getId());
            }
        }
        if (Arrays.equals(related.toArray(new String[0]), open.getRelatedImpairments())
                && firstBreach == open.getFirstBreachTime()) {
            return null;
        }
        Impairment next = GroupRecords.fleet(ImpairmentRecords.updated(open).firstBreachTime(firstBreach), account, region, fleet, related.toArray(new String[0]),
                open.getTopology(), n, counts.sizeByZone(fleet), emitTime);
        groups.put(key, next);
        return next;
    }

    /** Adds the member to (or takes it from) the linked ids of its zone's open impairment; the zone record goes out when the zones are settled. */
    void link(Impairment i, boolean add) {
        if (fleetOf(i) == null) {
            return;
        }
        String zone = zoneOf(i);
        Impairment z = groups.get("zone:" + zone);
        if (z != null) {
            TreeSet<String> set = new TreeSet<>(Arrays.asList(z.getRelatedImpairments()));
            boolean changed = add ? set.size() < Correlator.MAX_RELATED && set.add(i.getId()) : set.remove(i.getId());
            if (changed) {
                groups.put("zone:" + zone, z.toBuilder().relatedImpairments(set.toArray(new String[0])).build());
                changedZones.add(zone);
            }
        }
    }

    boolean withholds(String fleet) {
        return groups.containsKey("fleet:" + fleet) || counts.share(fleet) > config.withholdShare();
    }

    /** Open members of a fleet (any when null) in a zone (any when null): ids (capped), earliest first breach, topologies. */
    private static final class Linked {
        final List<String> ids = new ArrayList<>();
        final List<Topology> topologies = new ArrayList<>();
        long firstBreach = Long.MAX_VALUE;
    }

    private Linked linked(String fleet, String zone) {
        List<Impairment> found = new ArrayList<>();
        for (Member m : members.all()) {
            String f = fleetOf(m.input);
            if (f != null && (fleet == null || fleet.equals(f)) && (zone == null || zone.equals(zoneOf(m.input)))) {
                found.add(m.input);
            }
        }
        found.sort(Comparator.comparing(Impairment::getId));
        Linked l = new Linked();
        for (Impairment i : found) {
            l.firstBreach = Math.min(l.firstBreach, i.getFirstBreachTime());
            if (l.ids.size() < Correlator.MAX_RELATED) {
                l.ids.add(i.getId());
                l.topologies.add(i.getTopology());
            }
        }
        return l;
    }

    /**
     * Writes the region's aggregates: fleet sizes and impaired counts per zone, and the open fleet
     * and zone impairments (JSON: few, and readable in a state dump). Members and held records
     * live in the store. The layout is version 2's unchanged (the zones changed within a moment,
     * written last, are always none between moments now).
     */
    void writeTo(DataOutput out) throws IOException {
        out.writeByte(STATE_VERSION);
        counts.writeTo(out);
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

    void readFrom(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != STATE_VERSION) {
            throw new IOException("unknown correlation state version " + version);
        }
        counts.readFrom(in);
        int g = in.readInt();
        for (int i = 0; i < g; i++) {
            String key = in.readUTF();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            groups.put(key, Json.fromBytes(b, Impairment.class));
        }
        int z = in.readInt();
        for (int i = 0; i < z; i++) {
            // Written by releases that judged zones apart from their records: the next moment settles them.
            changedZones.add(in.readUTF());
        }
    }
}
