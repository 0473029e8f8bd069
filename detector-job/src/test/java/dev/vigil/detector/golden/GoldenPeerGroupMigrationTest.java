package dev.vigil.detector.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detector.flink.PeerOutlierFunction;
import dev.vigil.detector.peer.PeerGroup;
import dev.vigil.detector.peer.PeerGroupKey;
import dev.vigil.detector.peer.PeerMembers;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.golden.GoldenFiles;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataInputDeserializer;
import dev.vigil.detector.flink.BroadcastHarness;
import dev.vigil.detector.live.RulesUpdate;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Version 1 kept a peer group's members inside its one {@code peer-group} value; version 2 keeps
 * each in its own {@code peer-members} entry. The v1 golden value, found in the function's state,
 * is moved into the map the first time its key is touched, and the group carries on from there
 * exactly as the plain class read from the same bytes does.
 */
class GoldenPeerGroupMigrationTest {
    private static final String KEY = PeerGroupKey.of(GoldenV1Scenario.ACCOUNT, GoldenV1Scenario.REGION,
            GoldenDrivers.PEER_RULE.id(), GoldenV1Scenario.ASG).key();
    private static final ValueStateDescriptor<byte[]> GROUP =
            new ValueStateDescriptor<>("peer-group", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final MapStateDescriptor<String, byte[]> MEMBERS =
            new MapStateDescriptor<>("peer-members", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    @Test
    void aVersion1GroupMovesIntoMemberEntriesOnFirstTouchAndKeepsItsMembers() throws Exception {
        // Given the function's state holding the value v1 wrote at the cut
        byte[] v1 = GoldenFiles.read("v1/peer-group.bin");
        JsonNode atCut = GoldenFiles.readJson("v1/peer-group.json").get("atCut");
        KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, MetricDatapoint>, RulesUpdate, Impairment> h =
                BroadcastHarness.peers(new PeerOutlierFunction(RulesFile.load(GoldenV1Scenario.RULES)));
        h.open();
        KeyedStateStore state = state(h);
        state.getState(GROUP).update(v1);
        assertThat(state.getMapState(MEMBERS).isEmpty()).isTrue();

        // When a datapoint of the minute still pending at the cut reaches it (redelivered: it only
        // adds to a pending minute, so nothing else would store the group)
        MetricDatapoint first = peerDatapoints(GoldenV1Scenario.CUT - 1).get(0);
        assertThat(PeerGroup.minuteOf(first.getTimestamp())).isEqualTo(atCut.get("pendingMinute").asLong());
        h.processElement1(new StreamRecord<>(Tuple2.of(KEY, first), first.getTimestamp()));

        // Then the value is version 2 and every member has an entry of its own
        state = state(h);
        byte[] group = state.getState(GROUP).value();
        assertThat(group[0]).isEqualTo((byte) 2);
        assertThat(PeerGroup.holdsMembers(group)).isFalse();
        PeerMembers.InMemory copy = new PeerMembers.InMemory();
        for (Map.Entry<String, byte[]> e : state.getMapState(MEMBERS).entries()) {
            copy.put(e.getKey(), e.getValue());
        }
        PeerGroup migrated = PeerGroup.readFrom(GoldenDrivers.PEER_RULE, new DataInputDeserializer(group), copy);
        assertThat(migrated.memberCount()).isEqualTo(atCut.get("memberCount").asInt());
        assertThat(migrated.nextExpiryTime()).isEqualTo(atCut.get("nextExpiryTime").asLong());
        assertThat(migrated.isPending(atCut.get("pendingMinute").asLong())).isEqualTo(atCut.get("pending").asBoolean());
        atCut.get("open").fields().forEachRemaining(e -> GoldenFiles.assertContains(e.getValue(),
                GoldenFiles.tree(migrated.openImpairment(e.getKey())), "open " + e.getKey()));

        // and it is the group the plain class reads from the v1 bytes, plus the datapoint
        PeerGroup plain = GoldenDrivers.readPeerGroup(v1);
        plain.add(first.dimension(GoldenDrivers.PEER_RULE.peer().memberDimension()), first.getTimestamp(),
                first.statistic(GoldenDrivers.PEER_RULE.statistic()));
        assertThat(evaluateRest(migrated)).isNotEmpty().isEqualTo(evaluateRest(plain));
        h.close();
    }

    private static KeyedStateStore state(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h) {
        h.getOperator().setCurrentKey(KEY);
        return h.getOperator().getKeyedStateStore();
    }

    private static List<MetricDatapoint> peerDatapoints(int m) {
        List<MetricDatapoint> out = new ArrayList<>();
        for (MetricDatapoint dp : GoldenDrivers.datapoints(m)) {
            if (dp.getNamespace().equals(GoldenDrivers.PEER_RULE.namespace())
                    && dp.getMetricName().equals(GoldenDrivers.PEER_RULE.metricName())) {
                out.add(dp);
            }
        }
        return out;
    }

    /** The rest of the input through the plain group, as the golden drivers feed it: what it emits. */
    private static Map<String, Integer> evaluateRest(PeerGroup g) {
        Map<String, Integer> revisions = new TreeMap<>();
        for (Impairment i : GoldenDrivers.continuePeers(g)) {
            revisions.put(i.getId() + " " + i.getState(), i.getRevision());
        }
        return revisions;
    }
}
