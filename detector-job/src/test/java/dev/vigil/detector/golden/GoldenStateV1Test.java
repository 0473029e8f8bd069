package dev.vigil.detector.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detector.peer.PeerGroup;
import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector's keyed state as version 1 (commit 545e0e3) wrote it still reads, and carries on:
 * each golden file under {@code golden/v1/} is decoded by today's code, must show what its JSON
 * says it held at the cut (series, open impairment, queued event, members, counts), and, fed the
 * rest of {@link GoldenV1Scenario}, must continue its open impairments with the same ids and the
 * next revisions and emit what version 1 emitted. Bytes that decode to anything else fail here.
 *
 * <p>Later versions keep this test passing unchanged (imports aside, if packages move): they add a
 * reader for each v1 block; they never regenerate these files ({@link GoldenStateV1Generator}).
 * The anomaly figures compared are the model's expected value and band for the first periods after
 * the cut: they come from the learned state alone.
 */
class GoldenStateV1Test {

    @Test
    void scenarioIsTheOneTheStateWasTakenIn() {
        JsonNode scenario = GoldenFiles.readJson("v1/scenario.json");
        assertThat(GoldenV1Scenario.sha256()).isEqualTo(scenario.get("sha256").asText());
        assertThat(GoldenV1Scenario.CUT).isEqualTo(scenario.get("cutMinute").asInt());
    }

    @Test
    void targetGroupWithThresholdAndAnomalySeriesAndAnOpenImpairment() throws Exception {
        List<Map<String, Object>> anomaly = new ArrayList<>();
        JsonNode expected = resourceContinues("resource-target-group", anomaly);

        JsonNode evaluations = expected.get("continuation").get("anomalyEvaluations");
        assertThat(anomaly.size()).isGreaterThanOrEqualTo(evaluations.size());
        GoldenFiles.assertContains(evaluations, GoldenFiles.tree(anomaly.subList(0, evaluations.size())), "anomaly");
    }

    @Test
    void instanceWithAnOpenImpairmentAndAQueuedTermination() throws Exception {
        JsonNode expected = resourceContinues("resource-instance", null);

        assertThat(expected.get("atCut").get("nextEventTime").asLong()).isEqualTo(GoldenV1Scenario.TERMINATED_AT);
    }

    /** Decodes a resource, checks what it held, feeds it the rest of the input and checks what it emits. */
    private JsonNode resourceContinues(String name, List<Map<String, Object>> anomaly) throws Exception {
        // Given the bytes v1 wrote at the cut
        byte[] bytes = GoldenFiles.read("v1/" + name + ".bin");
        JsonNode expected = GoldenFiles.readJson("v1/" + name + ".json");
        String resourceId = expected.get("resourceId").asText();
        assertThat(bytes).hasSize(expected.get("bytes").intValue());

        // When today's code reads them
        ResourceDetector d = GoldenDrivers.readResource(resourceId, bytes);

        // Then it holds what v1 held
        GoldenFiles.assertContains(expected.get("atCut"), GoldenFiles.tree(GoldenDrivers.atCut(d)), name + ".atCut");
        assertThat(d.isImpaired()).isTrue();

        // and, fed the rest of the input, continues the open impairment and emits what v1 emitted
        List<Impairment> after = GoldenDrivers.continueResource(new GoldenDrivers.Resource(resourceId, bytes), anomaly);
        JsonNode open = expected.get("open");
        assertThat(after).isNotEmpty();
        assertThat(after.get(0).getId()).isEqualTo(open.get("id").asText());
        assertThat(after.get(0).getRevision()).isEqualTo(open.get("revision").asInt() + 1);
        GoldenFiles.assertContains(expected.get("continuation").get("impairments"), GoldenFiles.tree(after), name);
        return expected;
    }

    @Test
    void peerGroupWithMembersAnOpenOutlierAndAPendingMinute() throws Exception {
        // Given the peer group v1 wrote at the cut
        byte[] bytes = GoldenFiles.read("v1/peer-group.bin");
        JsonNode expected = GoldenFiles.readJson("v1/peer-group.json");
        assertThat(bytes).hasSize(expected.get("bytes").intValue());

        // When today's code reads it
        PeerGroup g = GoldenDrivers.readPeerGroup(bytes);

        // Then it has the members, the pending minute and the open outlier
        JsonNode atCut = expected.get("atCut");
        assertThat(g.memberCount()).isEqualTo(atCut.get("memberCount").asInt());
        assertThat(g.nextExpiryTime()).isEqualTo(atCut.get("nextExpiryTime").asLong());
        assertThat(g.isPending(atCut.get("pendingMinute").asLong())).isEqualTo(atCut.get("pending").asBoolean());
        assertThat(atCut.get("open").size()).isPositive();
        atCut.get("open").fields().forEachRemaining(e ->
                GoldenFiles.assertContains(e.getValue(), GoldenFiles.tree(g.openImpairment(e.getKey())), "open " + e.getKey()));

        // and resolves the outlier as v1 did
        List<Impairment> after = GoldenDrivers.continuePeers(g);
        GoldenFiles.assertContains(expected.get("continuation").get("impairments"), GoldenFiles.tree(after), "peer group");
    }

    @Test
    void correlationWithMembersCountsAndAnOpenZone() throws Exception {
        // Given the region's value and map entries v1's CorrelateFunction stored at the cut
        JsonNode expected = GoldenFiles.readJson("v1/correlator.json");
        byte[] region = GoldenFiles.read("v1/correlator-region.bin");
        assertThat(region).hasSize(expected.get("regionBytes").intValue());
        DataInputDeserializer in = new DataInputDeserializer(GoldenFiles.read("v1/correlator-entries.bin"));
        Map<String, byte[]> members = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            String key = in.readUTF();
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            members.put(key, value);
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            counts.put(in.readUTF(), in.readInt());
        }
        assertThat(in.available()).isZero();
        assertThat(members.keySet()).containsExactlyElementsOf(strings(expected.get("members")));
        assertThat(GoldenFiles.tree(counts)).isEqualTo(expected.get("counts"));

        // When today's function finds them in its state
        KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> h = GoldenCorrelation.harness();
        KeyedStateStore state = GoldenCorrelation.state(h);
        GoldenCorrelation.region(state).update(region);
        for (Map.Entry<String, byte[]> e : members.entrySet()) {
            GoldenCorrelation.members(state).put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            GoldenCorrelation.counts(state).put(e.getKey(), e.getValue());
        }

        // Then the rest of the incident correlates as v1 correlated it: members renumbered after
        // their last revision, the open zone impairment updated and resolved, actions given back
        Map<Integer, JsonNode> steps = new HashMap<>();
        for (JsonNode step : expected.get("continuation")) {
            steps.put(step.get("minute").asInt(), step);
        }
        for (int m = GoldenV1Scenario.CUT; m < GoldenV1Scenario.END; m++) {
            JsonNode step = steps.get(m);
            List<Impairment> records = new ArrayList<>();
            if (step != null) {
                for (JsonNode r : step.get("in")) {
                    records.add(Json.fromString(r.toString(), Impairment.class));
                }
            }
            List<Impairment> out = GoldenCorrelation.minute(h, records, m);
            if (step == null) {
                assertThat(out).as("minute %d", m).isEmpty();
            } else {
                GoldenFiles.assertContains(step.get("out"), GoldenFiles.tree(out), "correlation minute " + m);
            }
        }
        h.close();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
