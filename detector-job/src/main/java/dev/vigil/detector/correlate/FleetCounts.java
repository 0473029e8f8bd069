package dev.vigil.detector.correlate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A region's fleet sizes and impaired resources, per fleet and zone: the numbers every fleet and
 * zone verdict is made of, kept as counts so a record costs the same however many members are
 * impaired.
 */
final class FleetCounts {
    /** Fleet name to members per zone, as the latest topology said. */
    final TreeMap<String, Map<String, Integer>> sizes = new TreeMap<>();
    /** Fleet name to distinct impaired resources per zone. */
    final TreeMap<String, Map<String, Integer>> impaired = new TreeMap<>();

    void size(String fleet, Map<String, Integer> membersByZone) {
        sizes.put(fleet, new TreeMap<>(membersByZone));
    }

    Map<String, Integer> sizeByZone(String fleet) {
        return sizes.get(fleet);
    }

    /** One more (+1) or one fewer (-1) distinct impaired resource of {@code fleet} in {@code zone}. */
    void impaired(String fleet, String zone, int delta) {
        Map<String, Integer> byZone = impaired.computeIfAbsent(fleet, f -> new TreeMap<>());
        int n = byZone.getOrDefault(zone, 0) + delta;
        if (n <= 0) {
            byZone.remove(zone);
            if (byZone.isEmpty()) {
                impaired.remove(fleet);
            }
        } else {
            byZone.put(zone, n);
        }
    }

    int impaired(String fleet) {
        return sum(impaired.get(fleet));
    }

    int size(String fleet) {
        return fleet == null ? 0 : sum(sizes.get(fleet));
    }

    /** Impaired share of a fleet, or NaN when its size is unknown. */
    double share(String fleet) {
        int size = size(fleet);
        return size == 0 ? Double.NaN : (double) impaired(fleet) / size;
    }

    /**
     * Per zone, across the fleets with members there: {members, impaired, members of the same
     * fleets in other zones, impaired there}.
     */
    Map<String, int[]> zoneTotals() {
        Map<String, int[]> zones = new TreeMap<>();
        for (Map.Entry<String, Map<String, Integer>> f : sizes.entrySet()) {
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

    private static int sum(Map<String, Integer> m) {
        int n = 0;
        if (m != null) {
            for (int v : m.values()) {
                n += v;
            }
        }
        return n;
    }

    void writeTo(DataOutput out) throws IOException {
        write(out, sizes);
        write(out, impaired);
    }

    void readFrom(DataInput in) throws IOException {
        read(in, sizes);
        read(in, impaired);
    }

    private static void write(DataOutput out, TreeMap<String, Map<String, Integer>> counts) throws IOException {
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

    private static void read(DataInput in, TreeMap<String, Map<String, Integer>> counts) throws IOException {
        counts.clear();
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

    @Override
    public boolean equals(Object o) {
        return o instanceof FleetCounts && sizes.equals(((FleetCounts) o).sizes) && impaired.equals(((FleetCounts) o).impaired);
    }

    @Override
    public int hashCode() {
        return sizes.hashCode() * 31 + impaired.hashCode();
    }

    @Override
    public String toString() {
        return "fleets=" + sizes.keySet() + ", impaired=" + impaired;
    }
}
