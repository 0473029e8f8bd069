package dev.vigil.schemas.flink;

import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.Topology;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Binary layout of the parts nested in an impairment: {@link Evidence} and {@link Topology}. */
final class EvidenceCodec {
    private EvidenceCodec() {}

    static void write(Evidence e, DataOutput out) throws IOException {
        Bin.writeEnum(e.getKind(), out);
        Bin.writeString(e.getRuleId(), out);
        Bin.writeString(e.getNamespace(), out);
        Bin.writeString(e.getMetricName(), out);
        Bin.writeStringMap(e.getDimensions() == null ? Collections.emptyMap() : e.getDimensions(), out);
        Bin.writeString(e.getStatistic(), out);
        Bin.writeNullableLong(e.getPeriodStart(), out);
        out.writeInt(e.getPeriodSeconds() == null ? -1 : e.getPeriodSeconds());
        Bin.writeNullableDouble(e.getValue(), out);
        Bin.writeString(e.getComparison(), out);
        Bin.writeNullableDouble(e.getThreshold(), out);
        Bin.writeNullableDouble(e.getExpected(), out);
        Bin.writeNullableDouble(e.getLower(), out);
        Bin.writeNullableDouble(e.getUpper(), out);
        Bin.writeNullableDouble(e.getScore(), out);
        Bin.writeString(e.getEventId(), out);
        Bin.writeString(e.getEventSource(), out);
        Bin.writeString(e.getEventStatus(), out);
        Bin.writeString(e.getMessage(), out);
    }

    static Evidence read(DataInput in, int layout) throws IOException {
        EvidenceKind kind = Bin.readEnum(EvidenceKind.class, layout, in);
        String ruleId = Bin.readString(in);
        String namespace = Bin.readString(in);
        String metricName = Bin.readString(in);
        java.util.Map<String, String> dims = Bin.readStringMap(in);
        String statistic = Bin.readString(in);
        Long periodStart = Bin.readNullableLong(in);
        int ps = in.readInt();
        Double value = Bin.readNullableDouble(in);
        String comparison = Bin.readString(in);
        Double threshold = Bin.readNullableDouble(in);
        Double expected = Bin.readNullableDouble(in);
        Double lower = Bin.readNullableDouble(in);
        Double upper = Bin.readNullableDouble(in);
        Double score = Bin.readNullableDouble(in);
        return new Evidence(kind, ruleId, namespace, metricName, dims, statistic, periodStart,
                ps < 0 ? null : ps, value, comparison, threshold, expected, lower, upper, score,
                Bin.readString(in), Bin.readString(in), Bin.readString(in), Bin.readString(in));
    }

    static void writeTopology(Topology t, DataOutput out) throws IOException {
        Bin.writeString(t.getAvailabilityZone(), out);
        Bin.writeString(t.getAutoScalingGroup(), out);
        Bin.writeStrings(t.getTargetGroups(), out);
        Bin.writeString(t.getLoadBalancer(), out);
        Bin.writeStringMap(t.getTags(), out);
        out.writeInt(t.getFleetMembersByZone().size());
        for (Map.Entry<String, Integer> e : t.getFleetMembersByZone().entrySet()) {
            Bin.writeString(e.getKey(), out);
            out.writeInt(e.getValue());
        }
        out.writeBoolean(t.isComplete());
        Bin.writeStrings(t.getMissing(), out);
    }

    static Topology readTopology(DataInput in) throws IOException {
        String az = Bin.readString(in);
        String asg = Bin.readString(in);
        String[] tgs = Bin.readStrings(in);
        String lb = Bin.readString(in);
        Map<String, String> tags = Bin.readStringMap(in);
        int zones = in.readInt();
        Map<String, Integer> members = new TreeMap<>();
        for (int i = 0; i < zones; i++) {
            members.put(Bin.readString(in), in.readInt());
        }
        return new Topology(az, asg, tgs, lb, tags, members, in.readBoolean(), Bin.readStrings(in));
    }
}
