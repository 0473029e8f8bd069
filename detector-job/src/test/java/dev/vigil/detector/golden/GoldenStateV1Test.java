package dev.vigil.detector.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detector.correlate.CorrelationConfig;
import dev.vigil.detector.correlate.Correlator;
import dev.vigil.detector.correlate.MemberStore;
import dev.vigil.detector.peer.PeerGroup;
import dev.vigil.detector.peer.PeerMembers;
import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.golden.ApprovedOutput;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector's keyed state as version 1 (commit 545e0e3) wrote it still reads, and carries on:
 * each golden file under {@code golden/v1/} is decoded by today's code and must show what its JSON
 * says it held at the cut (series, open impairment, queued event, members, counts); fed the rest
 * of {@link GoldenV1Scenario}, it must keep {@link GoldenInvariants} (the impairments open at the
 * cut continue as themselves and resolve when the scenario says) and emit, evaluation by
 * evaluation, the continuation approved under {@code golden/v1/continuation/} ({@link ApprovedOutput}).
 *
 * <p>The {@code continuation} sections of the v1 JSONs are what version 1 itself emitted: history,
 * not asserted, since later versions behave better (an impairment's type no longer flips after
 * OPEN; fleet members wait for the watermark). An intended change of behaviour re-approves the
 * continuation files ({@code -Dvigil.golden.approve=true}, then review the diff); the v1 bytes and
 * their {@code atCut} facts are never regenerated ({@link GoldenStateV1Generator}), and a later
 * version keeps this test passing by adding a reader for each v1 block.
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
        Map<String, List<Map<String, Object>>> evaluations = resourceContinues("resource-target-group",
                GoldenFiles.read("v1/resource-target-group.bin"));

        // every series goes on evaluating, the anomaly series among them
        assertThat(evaluations).containsKey(GoldenDrivers.ANOMALY_RULE).hasSize(3);
    }

    @Test
    void instanceWithAnOpenImpairmentAndAQueuedTermination() throws Exception {
        JsonNode expected = GoldenFiles.readJson("v1/resource-instance.json");
        assertThat(expected.get("atCut").get("nextEventTime").asLong()).isEqualTo(GoldenV1Scenario.TERMINATED_AT);

        resourceContinues("resource-instance", GoldenFiles.read("v1/resource-instance.bin"));
    }

    /**
     * Decodes a resource, checks what it held, feeds it the rest of the input and checks what it
     * emits and evaluates; returns the evaluations by rule. {@code bytes} are the golden file's
     * (the checks take them as an argument, so a scratch copy with a byte changed can be put
     * through the same checks to see them fail).
     */
    static Map<String, List<Map<String, Object>>> resourceContinues(String name, byte[] bytes) throws Exception {
        // Given the bytes v1 wrote at the cut
        JsonNode expected = GoldenFiles.readJson("v1/" + name + ".json");
        String resourceId = expected.get("resourceId").asText();
        assertThat(bytes).hasSize(expected.get("bytes").intValue());

        // When today's code reads them
        ResourceDetector d = GoldenDrivers.readResource(resourceId, bytes);

        // Then it holds what v1 held
        GoldenFiles.assertContains(expected.get("atCut"), GoldenFiles.tree(GoldenDrivers.atCut(d)), name + ".atCut");
        assertThat(d.isImpaired()).isTrue();

        // and, fed the rest of the input, continues the open impairment until it resolves, and nothing stays open
        Map<String, List<Map<String, Object>>> evaluations = new TreeMap<>();
        GoldenDrivers.Resource r = new GoldenDrivers.Resource(resourceId, bytes);
        List<Impairment> after = GoldenDrivers.continueResource(r, evaluations);
        Impairment open = Json.fromString(expected.get("open").toString(), Impairment.class);
        GoldenInvariants.continues(open, after, name);
        GoldenInvariants.allResolved(after, Set.of(open.getId()), name);
        assertThat(r.load().isImpaired()).as("%s at the end", name).isFalse();

        // and what it decoded, written again today, and what it emits and evaluates, are what was approved
        Map<String, Object> continuation = new LinkedHashMap<>();
        continuation.put("decoded", ApprovedOutput.hex(GoldenDrivers.bytesOf(d)));
        continuation.put("impairments", after);
        continuation.put("evaluations", evaluations);
        ApprovedOutput.verify("v1/continuation/" + name + ".json", GoldenFiles.tree(continuation));
        return evaluations;
    }

    @Test
    void peerGroupWithMembersAnOpenOutlierAndAPendingMinute() throws Exception {
        peerGroupContinues(GoldenFiles.read("v1/peer-group.bin"));
    }

    static void peerGroupContinues(byte[] bytes) throws Exception {
        // Given the peer group v1 wrote at the cut
        JsonNode expected = GoldenFiles.readJson("v1/peer-group.json");
        assertThat(bytes).hasSize(expected.get("bytes").intValue());

        // When today's code reads it (version 2 keeps each member in an entry of its own)
        PeerMembers.InMemory members = new PeerMembers.InMemory();
        PeerGroup g = GoldenDrivers.readPeerGroup(bytes, members);

        // Then it has the members, the pending minute and the open outlier
        JsonNode atCut = expected.get("atCut");
        assertThat(g.memberCount()).isEqualTo(atCut.get("memberCount").asInt());
        assertThat(g.nextExpiryTime()).isEqualTo(atCut.get("nextExpiryTime").asLong());
        assertThat(g.isPending(atCut.get("pendingMinute").asLong())).isEqualTo(atCut.get("pending").asBoolean());
        assertThat(atCut.get("open").size()).isPositive();
        atCut.get("open").fields().forEachRemaining(e ->
                GoldenFiles.assertContains(e.getValue(), GoldenFiles.tree(g.openImpairment(e.getKey())), "open " + e.getKey()));

        // and, fed the rest of the input, continues the outlier until it resolves
        Map<String, Object> decoded = new LinkedHashMap<>();
        decoded.put("group", ApprovedOutput.hex(GoldenDrivers.bytesOf(g)));
        Map<String, Object> memberEntries = new TreeMap<>();
        members.all().forEach(e -> memberEntries.put(e.getKey(), ApprovedOutput.hex(e.getValue())));
        decoded.put("members", memberEntries);
        List<Impairment> after = GoldenDrivers.continuePeers(g);
        Set<String> open = new TreeSet<>();
        for (JsonNode record : atCut.get("open")) {
            Impairment i = Json.fromString(record.toString(), Impairment.class);
            GoldenInvariants.continues(i, after, "peer group");
            open.add(i.getId());
        }
        GoldenInvariants.allResolved(after, open, "peer group");
        // and what it decoded, written again today, and what it emits are what was approved
        Map<String, Object> continuation = new LinkedHashMap<>();
        continuation.put("decoded", decoded);
        continuation.put("impairments", after);
        ApprovedOutput.verify("v1/continuation/peer-group.json", GoldenFiles.tree(continuation));
    }

    @Test
    void correlationWithMembersCountsAndAnOpenZone() throws Exception {
        correlationContinues(GoldenFiles.read("v1/correlator-region.bin"), GoldenFiles.read("v1/correlator-entries.bin"));
    }

    static void correlationContinues(byte[] region, byte[] entries) throws Exception {
        // Given the region's value and map entries v1's CorrelateFunction stored at the cut
        JsonNode expected = GoldenFiles.readJson("v1/correlator.json");
        assertThat(region).hasSize(expected.get("regionBytes").intValue());
        DataInputDeserializer in = new DataInputDeserializer(entries);
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
        try {
            correlatesOn(h, expected, region, members, counts);
        } finally {
            h.close();
        }
    }

    private static void correlatesOn(KeyedOneInputStreamOperatorTestHarness<String, Impairment, Impairment> h, JsonNode expected,
                                     byte[] region, Map<String, byte[]> members, Map<String, Integer> counts) throws Exception {
        KeyedStateStore state = GoldenCorrelation.state(h);
        GoldenCorrelation.region(state).update(region);
        for (Map.Entry<String, byte[]> e : members.entrySet()) {
            GoldenCorrelation.members(state).put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            GoldenCorrelation.counts(state).put(e.getKey(), e.getValue());
        }

        // Then the rest of the incident (the records v1's detectors emitted) correlates on from there
        Map<Integer, JsonNode> steps = new HashMap<>();
        for (JsonNode step : expected.get("continuation")) {
            steps.put(step.get("minute").asInt(), step);
        }
        List<Impairment> after = new ArrayList<>();
        List<Map<String, Object>> approved = new ArrayList<>();
        for (int m = GoldenV1Scenario.CUT; m < GoldenV1Scenario.END; m++) {
            JsonNode step = steps.get(m);
            List<Impairment> records = new ArrayList<>();
            if (step != null) {
                for (JsonNode r : step.get("in")) {
                    records.add(Json.fromString(r.toString(), Impairment.class));
                }
            }
            List<Impairment> out = GoldenCorrelation.minute(h, records, m);
            after.addAll(out);
            if (!out.isEmpty()) {
                Map<String, Object> minute = new LinkedHashMap<>();
                minute.put("minute", m);
                minute.put("out", out);
                approved.add(minute);
            }
        }
        // the open zone impairment and every member go on from the revision they had reached (the
        // correlation numbers its members' records) and resolve, and the region is left with nothing
        GoldenInvariants.continues(zoneAtCut(expected), after, "zone");
        Set<String> open = new TreeSet<>();
        open.add(zoneAtCut(expected).getId());
        Map<String, Object> decodedMembers = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : members.entrySet()) {
            Impairment[] member = memberAtCut(e.getValue());
            assertThat(member[0].getId()).isEqualTo(e.getKey());
            assertThat(member[1].getId()).isEqualTo(e.getKey());
            GoldenInvariants.revisionsContinue(member[1], after, "member");
            open.add(e.getKey());
            decodedMembers.put(e.getKey(), Map.of("input", member[0], "emitted", member[1]));
        }
        GoldenInvariants.allResolved(after, open, "correlation");
        assertThat(GoldenCorrelation.region(state).value()).as("the region's state once all is resolved").isNull();
        assertThat(GoldenCorrelation.members(state).isEmpty()).isTrue();
        assertThat(GoldenCorrelation.counts(state).isEmpty()).isTrue();
        // and what the region's value and members decode to (the value written again today) and
        // what it emits are what was approved
        Map<String, Object> continuation = new LinkedHashMap<>();
        continuation.put("decodedRegion", ApprovedOutput.hex(regionToday(region)));
        continuation.put("decodedMembers", decodedMembers);
        continuation.put("minutes", approved);
        ApprovedOutput.verify("v1/continuation/correlator.json", GoldenFiles.tree(continuation));
    }

    /** The region's value as today's correlation reads it and would write it back. */
    private static byte[] regionToday(byte[] region) throws java.io.IOException {
        DataOutputSerializer out = new DataOutputSerializer(region.length);
        Correlator.readFrom(CorrelationConfig.defaults(), GoldenV1Scenario.ACCOUNT, GoldenV1Scenario.REGION, MemberStore.inMemory(),
                new DataInputDeserializer(region)).writeTo(out);
        return out.getCopyOfBuffer();
    }

    /**
     * The zone impairment open in v1's region value, as v1's own first record of it after the cut
     * shows it (the value's layout is the correlator's; the test does not decode it): that
     * record's id, type and times, one revision earlier.
     */
    private static Impairment zoneAtCut(JsonNode expected) {
        for (JsonNode step : expected.get("continuation")) {
            for (JsonNode r : step.get("out")) {
                Impairment i = Json.fromString(r.toString(), Impairment.class);
                if (i.getType() == ImpairmentType.ZONE) {
                    return i.toBuilder().revision(i.getRevision() - 1).state(LifecycleState.UPDATE).resolvedTime(null).build();
                }
            }
        }
        throw new AssertionError("v1's continuation names no zone impairment");
    }

    /**
     * A v1 member entry as the correlation reads it: the input record and the record last
     * emitted for it. The entry's layout (int length, the input's JSON, int length, the emitted
     * record's JSON) is split here on its own, to know what the state holds independently of the
     * function that must read it; the records are read by the published JSON codec, as the function
     * reads them.
     */
    private static Impairment[] memberAtCut(byte[] member) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(member);
        byte[] input = new byte[b.getInt()];
        b.get(input);
        byte[] emitted = new byte[b.getInt()];
        b.get(emitted);
        assertThat(b.remaining()).isZero();
        return new Impairment[] {Json.fromBytes(input, Impairment.class), Json.fromBytes(emitted, Impairment.class)};
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
