package dev.vigil.detector;

import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.topology.StallingTopologyApi;
import dev.vigil.detector.topology.TopologySettings;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.SchemaValidator;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.vigil.detector.FleetScenario.instance;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet-aware detector end to end on recorded scenarios: the same pipeline the job runs, over
 * metric-stream records of a fleet of ten, with a topology snapshot saying where each instance sits.
 */
class TopologyScenariosITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    @Test
    void oneBadInstanceIsOneInstanceImpairmentRecommendingReplacement() throws Exception {
        List<Impairment> out = run(FleetScenario.statusChecks(12, Set.of(2), 5), withSnapshot());

        assertThat(out).extracting(Impairment::getType).doesNotContain(ImpairmentType.FLEET, ImpairmentType.ZONE);
        assertThat(ids(out)).hasSize(1);
        Impairment open = first(out, LifecycleState.OPEN);
        assertThat(open.getResourceId()).isEqualTo(instance(2));
        assertThat(open.getRecommendedActions()).startsWith(ActionType.REPLACE_INSTANCE);
        assertThat(open.isMemberActionsWithheld()).isFalse();
        assertThat(open.getTopology().getAvailabilityZone()).isEqualTo("us-east-1a");
        assertThat(open.getTopology().getAutoScalingGroup()).isEqualTo(FleetScenario.GROUP);
        assertThat(open.getTopology().getLoadBalancer()).isEqualTo(FleetScenario.LOAD_BALANCER);
        assertThat(open.getTopology().isComplete()).isTrue();
        assertRevisionsUniqueAndIncreasing(out);
    }

    @Test
    void sixtyPercentOfAFleetIsOneFleetImpairmentWithMemberReplacementsWithheld() throws Exception {
        // Two bad instances in each zone: six of ten
        List<Impairment> out = run(FleetScenario.statusChecks(12, Set.of(0, 1, 4, 5, 7, 8), 5), withSnapshot());

        List<Impairment> fleet = of(out, ImpairmentType.FLEET);
        assertThat(ids(fleet)).hasSize(1);
        Impairment opened = first(fleet, LifecycleState.OPEN);
        assertThat(opened.getResourceId()).isEqualTo(FleetScenario.GROUP);
        assertThat(opened.isHumanRequired()).isTrue();
        assertThat(last(fleet).getRelatedImpairments()).hasSize(6);
        assertThat(of(out, ImpairmentType.ZONE)).isEmpty();
        Map<String, Impairment> members = latest(of(out, ImpairmentType.INSTANCE_FAILURE));
        assertThat(members).hasSize(6);
        assertThat(members.values()).allSatisfy(m -> {
            assertThat(m.isMemberActionsWithheld()).isTrue();
            assertThat(m.isHumanRequired()).isTrue();
            assertThat(m.getRecommendedActions()).doesNotContain(ActionType.REPLACE_INSTANCE);
            assertThat(m.getRelatedImpairments()).contains(opened.getId());
        });
        assertRevisionsUniqueAndIncreasing(out);
    }

    @Test
    void oneBadZoneWhileTheOthersAreFineIsAZoneImpairmentRecommendingAZonalShift() throws Exception {
        // Three of the four instances in us-east-1a; the other zones are fine
        List<Impairment> out = run(FleetScenario.statusChecks(12, Set.of(0, 1, 2), 5), withSnapshot());

        List<Impairment> zone = of(out, ImpairmentType.ZONE);
        assertThat(ids(zone)).hasSize(1);
        Impairment opened = first(zone, LifecycleState.OPEN);
        assertThat(opened.getResourceId()).isEqualTo("us-east-1a");
        assertThat(opened.getRecommendedActions()).startsWith(ActionType.ZONAL_SHIFT);
        assertThat(opened.getTopology().getLoadBalancer()).isEqualTo(FleetScenario.LOAD_BALANCER);
        assertThat(last(zone).getRelatedImpairments()).hasSize(3);
        assertThat(of(out, ImpairmentType.FLEET)).isEmpty();
        assertThat(latest(of(out, ImpairmentType.INSTANCE_FAILURE)).values()).allSatisfy(m ->
                assertThat(m.getRecommendedActions()).doesNotContain(ActionType.REPLACE_INSTANCE));
        assertRevisionsUniqueAndIncreasing(out);
    }

    @Test
    void aLatencyOutlierAmongHealthyPeersIsAnInstanceImpairment() throws Exception {
        // Instance 6 answers in a second while its nine peers answer in about 100 ms; no fixed threshold watches latency
        DetectorConfig config = withSnapshot().withRules("classpath:rules/peer-test-rules.yaml");
        List<Impairment> out = run(FleetScenario.latency(14, 6, 4), config);

        assertThat(ids(out)).hasSize(1);
        Impairment open = first(out, LifecycleState.OPEN);
        assertThat(open.getResourceId()).isEqualTo(instance(6));
        assertThat(open.getResourceType()).isEqualTo("EC2_INSTANCE");
        assertThat(open.getType()).isEqualTo(ImpairmentType.SERVICE_DEGRADATION);
        assertThat(open.getEvidence()[0].getValue()).isEqualTo(1_000.0);
        assertThat(open.getEvidence()[0].getExpected()).isBetween(90.0, 110.0);
        assertThat(open.getTopology().getAvailabilityZone()).isEqualTo("us-east-1b");
        assertThat(open.isMemberActionsWithheld()).isFalse();
        assertThat(of(out, ImpairmentType.FLEET)).isEmpty();
        assertRevisionsUniqueAndIncreasing(out);
    }

    @Test
    void anEnrichmentApiThatTimesOutLetsImpairmentsFlowMarkedIncomplete() throws Exception {
        DetectorConfig config = base().withTopology(TopologySettings.none().withApi(StallingTopologyApi.factory())
                .withTimeoutMs(300));
        List<Impairment> out = run(FleetScenario.statusChecks(12, Set.of(2), 5), config);

        assertThat(ids(out)).hasSize(1);
        assertThat(out).extracting(Impairment::getState).contains(LifecycleState.OPEN);
        assertThat(out).allSatisfy(i -> {
            assertThat(i.getTopology().isComplete()).isFalse();
            assertThat(i.getTopology().getMissing()).anySatisfy(m -> assertThat(m).contains("timeout"));
        });
    }

    private DetectorConfig base() {
        return DetectorConfig.defaults().forReplay();
    }

    private DetectorConfig withSnapshot() throws Exception {
        return base().withTopologySnapshot(FleetScenario.snapshot(dir).toString());
    }

    /** Runs the pipeline over the scenario (bounded: the end of input resolves what is open) and collects its impairments. */
    static List<Impairment> run(FleetScenario scenario, DetectorConfig config) throws Exception {
        return run(scenario, config, 2);
    }

    static List<Impairment> run(FleetScenario scenario, DetectorConfig config, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs
        env.setParallelism(parallelism);
        DataStream<byte[]> metrics = env.fromData(scenario.records(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DataStream<byte[]> events = env.fromData(Collections.singletonList(new byte[0]), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DetectorPipeline.Outputs outputs = DetectorPipeline.build(metrics, events, config);
        List<Impairment> out = new ArrayList<>();
        try (CloseableIterator<Impairment> it = outputs.impairments.executeAndCollect("topology-scenario")) {
            it.forEachRemaining(out::add);
        }
        // Fleet, zone and peer records are published like any other: they must meet the schema.
        assertThat(out).allSatisfy(i -> assertThat(SchemaValidator.problems("impairment", i)).as(i.getId()).isEmpty());
        assertTimesInOrder(out);
        return out;
    }

    /** Every record, the fleet's and zone's too: first breach, then detection, then resolution. */
    static void assertTimesInOrder(List<Impairment> out) {
        assertThat(out).allSatisfy(i -> {
            assertThat(i.getDetectionTime()).as("detection of %s %s", i.getType(), i.getId())
                    .isGreaterThanOrEqualTo(i.getFirstBreachTime());
            if (i.getResolvedTime() != null) {
                assertThat(i.getResolvedTime()).as("resolution of %s", i.getId()).isGreaterThanOrEqualTo(i.getDetectionTime());
            }
        });
    }

    static List<Impairment> of(List<Impairment> all, ImpairmentType type) {
        return all.stream().filter(i -> i.getType() == type).collect(Collectors.toList());
    }

    static List<String> ids(List<Impairment> all) {
        return all.stream().map(Impairment::getId).distinct().collect(Collectors.toList());
    }

    static Impairment first(List<Impairment> all, LifecycleState state) {
        return all.stream().filter(i -> i.getState() == state).findFirst().orElseThrow();
    }

    static Impairment last(List<Impairment> all) {
        return all.stream().max((a, b) -> Integer.compare(a.getRevision(), b.getRevision())).orElseThrow();
    }

    /** The latest record of each impairment while it was open (before it resolved at the end of input). */
    static Map<String, Impairment> latest(List<Impairment> all) {
        Map<String, Impairment> latest = new LinkedHashMap<>();
        for (Impairment i : all) {
            if (i.getState() != LifecycleState.RESOLVED) {
                latest.merge(i.getId(), i, (a, b) -> b.getRevision() > a.getRevision() ? b : a);
            }
        }
        return latest;
    }

    /** Per id, revisions arrive as 0, 1, 2, ... with no gap and no repeat. */
    static void assertRevisionsUniqueAndIncreasing(List<Impairment> all) {
        Map<String, Integer> last = new HashMap<>();
        for (Impairment i : all) {
            Integer before = last.put(i.getId(), i.getRevision());
            assertThat(i.getRevision()).as("revision of %s", i.getId()).isEqualTo(before == null ? 0 : before + 1);
        }
    }
}
