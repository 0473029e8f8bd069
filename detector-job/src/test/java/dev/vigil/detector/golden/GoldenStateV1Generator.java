package dev.vigil.detector.golden;

import dev.vigil.detector.peer.PeerGroup;
import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes the detector's keyed state values as version 1 (commit 545e0e3) writes them, taken at
 * minute {@link GoldenV1Scenario#CUT} of {@link GoldenV1Scenario}, each beside a JSON of what it
 * must decode to and what the decoded state must do with the rest of the input:
 * <ul>
 *   <li>{@code resource-target-group.bin}: the target group's {@code ResourceDetector} (state
 *       {@code resource} of {@code detect-resources}): two threshold series (5xx ratio, unhealthy
 *       hosts), the response-time anomaly series after 390 values, an open impairment;</li>
 *   <li>{@code resource-instance.bin}: instance i-1 with its status-check impairment open and the
 *       Auto Scaling termination queued for the watermark;</li>
 *   <li>{@code peer-group.bin}: the {@code PeerGroup} of golden-asg (state {@code peer-group}): six
 *       members, one open outlier, the last minute still pending;</li>
 *   <li>{@code correlator-region.bin} and {@code correlator-entries.bin}: the region's state in
 *       {@code correlate-fleet-zone}, written by {@code CorrelateFunction} itself in a test harness:
 *       the {@code region} value (fleet sizes, impaired counts, the open zone impairment) and the
 *       {@code members} and {@code counts} map entries. Entries file layout (the container is this
 *       test's, the values are the state's): int n, n × (UTF key, int length, value bytes), then
 *       int m, m × (UTF key, int count).</li>
 * </ul>
 * Each JSON's continuation was computed by decoding the bytes and feeding the rest of the input
 * ({@link GoldenDrivers}); the peer group's and the correlation's were checked against the same
 * objects continuing without the round trip (the resources go through bytes at every step anyway,
 * as in the Flink function).
 *
 * <p><b>Run once per released layout; never regenerate v1.</b> For a new version, write to a
 * scratch folder:
 * <pre>
 * mvn -o -pl detector-job -am test -Dtest='dev.vigil.detector.golden.GoldenStateV1Generator' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dvigil.golden.generate=v1 -Dvigil.golden.out=/tmp/golden-v1
 * </pre>
 */
class GoldenStateV1Generator {
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.GENERATE, matches = "v1")
    void writeDetectorState() throws Exception {
        Path dir = GoldenFiles.outputDir("v1");
        TopologySnapshot snapshot = GoldenDrivers.snapshot();
        int cut = GoldenV1Scenario.CUT;

        // The whole fleet up to the cut, as the job's functions would see it
        GoldenDrivers.Resource tg = new GoldenDrivers.Resource(GoldenV1Scenario.TARGET_GROUP, null);
        GoldenDrivers.Resource[] instances = new GoldenDrivers.Resource[GoldenV1Scenario.INSTANCES + 1];
        for (int n = 1; n <= GoldenV1Scenario.INSTANCES; n++) {
            instances[n] = new GoldenDrivers.Resource(GoldenV1Scenario.instance(n), null);
        }
        PeerGroup peers = GoldenDrivers.newPeerGroup();
        KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> correlation = GoldenCorrelation.harness();
        List<Impairment> tgBefore = new ArrayList<>();
        List<Impairment> i1Before = new ArrayList<>();
        for (int m = 0; m < cut; m++) {
            List<Impairment> records = new ArrayList<>();
            List<Impairment> fromTg = tg.minute(m, null);
            tgBefore.addAll(fromTg);
            records.addAll(fromTg);
            for (int n = 1; n <= GoldenV1Scenario.INSTANCES; n++) {
                List<Impairment> r = instances[n].minute(m, null);
                if (n == 1) {
                    i1Before.addAll(r);
                }
                records.addAll(r);
            }
            if (m > 0) {
                records.addAll(GoldenDrivers.peerMinuteEnd(peers, m - 1));
            }
            GoldenDrivers.peerValues(peers, m);
            GoldenCorrelation.minute(correlation, enrich(records, snapshot), m);
        }
        // The termination reaches i-1 at the cut, queued: its time comes minutes later.
        instances[1].addEvent(GoldenDrivers.terminated());

        byte[][] instanceBytes = new byte[GoldenV1Scenario.INSTANCES + 1][];
        for (int n = 1; n <= GoldenV1Scenario.INSTANCES; n++) {
            instanceBytes[n] = instances[n].bytes;
        }

        // Target group: threshold and anomaly series, an open impairment
        byte[] tgBytes = tg.bytes;
        Map<String, Object> tgAtCut = GoldenDrivers.atCut(GoldenDrivers.readResource(GoldenV1Scenario.TARGET_GROUP, tgBytes));
        assertThat(tgAtCut.get("impaired")).isEqualTo(true);
        Map<String, List<Map<String, Object>>> evaluations = new TreeMap<>();
        List<Impairment> tgAfter = GoldenDrivers.continueResource(new GoldenDrivers.Resource(GoldenV1Scenario.TARGET_GROUP, tgBytes),
                evaluations);
        List<Map<String, Object>> anomaly = evaluations.get(GoldenDrivers.ANOMALY_RULE);
        GoldenFiles.write(dir, "resource-target-group.bin", tgBytes);
        GoldenFiles.writeJson(dir, "resource-target-group.json", resourceJson(GoldenV1Scenario.TARGET_GROUP, tgBytes, tgAtCut,
                last(tgBefore), tgAfter, anomaly.subList(0, 5)));

        // Instance i-1: its impairment open, the termination queued
        byte[] i1Bytes = instanceBytes[1];
        Map<String, Object> i1AtCut = GoldenDrivers.atCut(GoldenDrivers.readResource(GoldenV1Scenario.instance(1), i1Bytes));
        List<Impairment> i1After = GoldenDrivers.continueResource(new GoldenDrivers.Resource(GoldenV1Scenario.instance(1), i1Bytes), null);
        GoldenFiles.write(dir, "resource-instance.bin", i1Bytes);
        GoldenFiles.writeJson(dir, "resource-instance.json", resourceJson(GoldenV1Scenario.instance(1), i1Bytes, i1AtCut,
                last(i1Before), i1After, null));

        // Peer group: members, an open outlier, a pending minute
        byte[] peerBytes = GoldenDrivers.bytesOf(peers);
        PeerGroup peersRestored = GoldenDrivers.readPeerGroup(peerBytes);
        Map<String, Object> peerAtCut = new LinkedHashMap<>();
        peerAtCut.put("memberCount", peersRestored.memberCount());
        peerAtCut.put("nextExpiryTime", peersRestored.nextExpiryTime());
        peerAtCut.put("pendingMinute", GoldenV1Scenario.minuteStart(cut - 1));
        peerAtCut.put("pending", peersRestored.isPending(GoldenV1Scenario.minuteStart(cut - 1)));
        Map<String, Object> openPeers = new TreeMap<>();
        for (int n = 1; n <= GoldenV1Scenario.INSTANCES; n++) {
            Impairment open = peersRestored.openImpairment(GoldenV1Scenario.instance(n));
            if (open != null) {
                openPeers.put(GoldenV1Scenario.instance(n), GoldenFiles.tree(open));
            }
        }
        peerAtCut.put("open", openPeers);
        List<Impairment> peerAfter = GoldenDrivers.continuePeers(peersRestored);
        assertSame(peerAfter, GoldenDrivers.continuePeers(peers), "peer group");
        Map<String, Object> peerJson = new LinkedHashMap<>();
        peerJson.put("rule", GoldenDrivers.PEER_RULE.id());
        peerJson.put("group", GoldenV1Scenario.ASG);
        peerJson.put("bytes", peerBytes.length);
        peerJson.put("atCut", peerAtCut);
        peerJson.put("continuation", continuation(peerAfter));
        GoldenFiles.write(dir, "peer-group.bin", peerBytes);
        GoldenFiles.writeJson(dir, "peer-group.json", peerJson);

        // Correlation: the region's value and map entries as the function stored them
        KeyedStateStore state = GoldenCorrelation.state(correlation);
        byte[] region = GoldenCorrelation.region(state).value();
        DataOutputSerializer entries = new DataOutputSerializer(4096);
        Map<String, byte[]> members = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : GoldenCorrelation.members(state).entries()) {
            members.put(e.getKey(), e.getValue());
        }
        Map<String, Integer> counts = new TreeMap<>();
        MapState<String, Integer> countState = GoldenCorrelation.counts(state);
        for (Map.Entry<String, Integer> e : countState.entries()) {
            counts.put(e.getKey(), e.getValue());
        }
        entries.writeInt(members.size());
        for (Map.Entry<String, byte[]> e : members.entrySet()) {
            entries.writeUTF(e.getKey());
            entries.writeInt(e.getValue().length);
            entries.write(e.getValue());
        }
        entries.writeInt(counts.size());
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            entries.writeUTF(e.getKey());
            entries.writeInt(e.getValue());
        }
        // The rest of the input, continued from the written state in a fresh harness and, as a
        // check, by the harness that wrote it
        List<Map<String, Object>> correlationAfter = new ArrayList<>();
        KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> restored = GoldenCorrelation.harness();
        KeyedStateStore restoredState = GoldenCorrelation.state(restored);
        GoldenCorrelation.region(restoredState).update(region);
        for (Map.Entry<String, byte[]> e : members.entrySet()) {
            GoldenCorrelation.members(restoredState).put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            GoldenCorrelation.counts(restoredState).put(e.getKey(), e.getValue());
        }
        // (the detectors above were continued already: fresh copies from the cut feed the correlation)
        GoldenDrivers.Resource tgAgain = new GoldenDrivers.Resource(GoldenV1Scenario.TARGET_GROUP, tgBytes);
        GoldenDrivers.Resource[] instancesAgain = new GoldenDrivers.Resource[GoldenV1Scenario.INSTANCES + 1];
        for (int n = 1; n <= GoldenV1Scenario.INSTANCES; n++) {
            instancesAgain[n] = new GoldenDrivers.Resource(GoldenV1Scenario.instance(n), instanceBytes[n]);
        }
        PeerGroup peersAgain = GoldenDrivers.readPeerGroup(peerBytes);
        for (int m = cut; m < GoldenV1Scenario.END; m++) {
            List<Impairment> records = new ArrayList<>();
            records.addAll(tgAgain.minute(m, null));
            for (int n = 1; n <= GoldenV1Scenario.INSTANCES; n++) {
                records.addAll(instancesAgain[n].minute(m, null));
            }
            records.addAll(GoldenDrivers.peerMinuteEnd(peersAgain, m - 1));
            GoldenDrivers.peerValues(peersAgain, m);
            List<Impairment> in = enrich(records, snapshot);
            List<Impairment> out = GoldenCorrelation.minute(restored, in, m);
            assertSame(out, GoldenCorrelation.minute(correlation, in, m), "correlation minute " + m);
            if (!in.isEmpty() || !out.isEmpty()) {
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("minute", m);
                step.put("in", trees(in));
                step.put("out", trees(out));
                correlationAfter.add(step);
            }
        }
        Map<String, Object> correlationJson = new LinkedHashMap<>();
        correlationJson.put("key", GoldenCorrelation.KEY);
        correlationJson.put("regionBytes", region.length);
        correlationJson.put("members", new ArrayList<>(members.keySet()));
        correlationJson.put("counts", counts);
        correlationJson.put("continuation", correlationAfter);
        GoldenFiles.write(dir, "correlator-region.bin", region);
        GoldenFiles.write(dir, "correlator-entries.bin", entries.getCopyOfBuffer());
        GoldenFiles.writeJson(dir, "correlator.json", correlationJson);

        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("sha256", GoldenV1Scenario.sha256());
        scenario.put("t0", GoldenV1Scenario.T0);
        scenario.put("cutMinute", cut);
        scenario.put("endMinute", GoldenV1Scenario.END);
        scenario.put("rules", GoldenV1Scenario.RULES);
        GoldenFiles.writeJson(dir, "scenario.json", scenario);
    }

    private static Map<String, Object> resourceJson(String resourceId, byte[] bytes, Map<String, Object> atCut,
                                                    Impairment open, List<Impairment> after,
                                                    List<Map<String, Object>> anomaly) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resourceKey", GoldenDrivers.keyOf(resourceId));
        json.put("resourceId", resourceId);
        json.put("bytes", bytes.length);
        json.put("atCut", atCut);
        json.put("open", GoldenFiles.tree(open));
        Map<String, Object> c = continuation(after);
        if (anomaly != null) {
            c.put("anomalyEvaluations", anomaly);
        }
        json.put("continuation", c);
        return json;
    }

    private static Map<String, Object> continuation(List<Impairment> after) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("fromMinute", GoldenV1Scenario.CUT);
        c.put("toMinute", GoldenV1Scenario.END);
        c.put("impairments", trees(after));
        return c;
    }

    private static List<Object> trees(List<Impairment> records) {
        List<Object> out = new ArrayList<>();
        for (Impairment i : records) {
            out.add(GoldenFiles.tree(i));
        }
        return out;
    }

    private static List<Impairment> enrich(List<Impairment> records, TopologySnapshot snapshot) {
        List<Impairment> out = new ArrayList<>();
        for (Impairment i : records) {
            out.add(GoldenDrivers.enrich(i, snapshot));
        }
        return out;
    }

    private static Impairment last(List<Impairment> records) {
        return records.get(records.size() - 1);
    }

    private static void assertSame(List<Impairment> restored, List<Impairment> live, String what) {
        List<String> a = new ArrayList<>();
        restored.forEach(i -> a.add(Json.toString(i)));
        List<String> b = new ArrayList<>();
        live.forEach(i -> b.add(Json.toString(i)));
        assertThat(a).as("%s continued from its bytes vs without the round trip", what).isEqualTo(b);
    }
}
