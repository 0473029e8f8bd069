package dev.vigil.detector.topology;

import dev.vigil.detector.flink.EnrichTopologyFunction;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Topology;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.detector.topology.RecordHintsTest.impairment;
import static dev.vigil.detector.topology.RecordHintsTest.metric;
import static org.assertj.core.api.Assertions.assertThat;

/** The enrichment in Flink's async operator, driven by its test harness with simulated processing time. */
class EnrichTopologyFunctionTest {
    private static final long TIMEOUT_MS = 500;

    @TempDir
    Path tmp;
    private OneInputStreamOperatorTestHarness<Impairment, Impairment> harness;

    private void open(TopologySettings settings) throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(new EnrichTopologyFunction(settings.withTimeoutMs(TIMEOUT_MS)), TIMEOUT_MS,
                        10, AsyncDataStream.OutputMode.ORDERED),
                ImpairmentTypeInfoFactory.TYPE_INFO.createSerializer(new SerializerConfigImpl()));
        harness.setProcessingTime(0);
        harness.open();
    }

    /** Sends the impairments and waits until the operator has emitted every one of them. */
    private List<Impairment> enrich(Impairment... impairments) throws Exception {
        for (Impairment i : impairments) {
            harness.processElement(i, 0);
        }
        harness.endInput();
        return harness.extractOutputValues();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private String snapshot(String json) throws Exception {
        Path p = tmp.resolve("topology.json");
        Files.writeString(p, json);
        return p.toString();
    }

    private static Impairment instanceInZoneA() {
        return impairment("i-1", "EC2_INSTANCE", metric(Map.of("InstanceId", "i-1", "AvailabilityZone", "eu-west-1a")));
    }

    @Test
    void recordsWinOverTheSnapshotWhichWinsOverTheApi() throws Exception {
        // Given records saying zone a, a snapshot saying zone b and team=web (no group, so no spread),
        // and an API saying zone c, group api-asg with its spread, team=api and owner=ops
        String file = snapshot("{\"resources\": {\"i-1\": {\"availabilityZone\": \"eu-west-1b\", \"tags\": {\"team\": \"web\"}}}}");
        FakeTopologyApi api = FakeTopologyApi.named("precedence").answer("i-1", new Topology("eu-west-1c", "api-asg",
                null, null, Map.of("team", "api", "owner", "ops"), Map.of("eu-west-1a", 2, "eu-west-1c", 1), true, null));
        open(TopologySettings.none().withSnapshot(file).withApi(api.factory()));

        // When the impairment is enriched
        Topology t = enrich(instanceInZoneA()).get(0).getTopology();

        // Then each field comes from the most preferred source that knew it
        assertThat(t.getAvailabilityZone()).isEqualTo("eu-west-1a");
        assertThat(t.getTags()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "web", "owner", "ops"));
        assertThat(t.getAutoScalingGroup()).isEqualTo("api-asg");
        assertThat(t.getFleetMembersByZone()).containsExactlyInAnyOrderEntriesOf(Map.of("eu-west-1a", 2, "eu-west-1c", 1));
        assertThat(t.isComplete()).isTrue();
        assertThat(api.calls).containsExactly("i-1");
    }

    @Test
    void aTopologyTheImpairmentAlreadyCarriesKeepsItsFields() throws Exception {
        // Given an impairment carrying zone c and group carried-asg, and records saying zone a
        FakeTopologyApi api = FakeTopologyApi.named("carried").answer("i-1", new Topology("eu-west-1b", "api-asg",
                null, "app/alb/1", null, Map.of("eu-west-1b", 4), true, null));
        open(TopologySettings.none().withApi(api.factory()));
        Impairment carrying = instanceInZoneA().toBuilder()
                .topology(new Topology("eu-west-1c", "carried-asg", null, null, null, null, true, null)).build();

        // When it is enriched
        Topology t = enrich(carrying).get(0).getTopology();

        // Then the carried fields stay; only what it lacked is filled in
        assertThat(t.getAvailabilityZone()).isEqualTo("eu-west-1c");
        assertThat(t.getAutoScalingGroup()).isEqualTo("carried-asg");
        assertThat(t.getLoadBalancer()).isEqualTo("app/alb/1");
        assertThat(t.getFleetMembersByZone()).containsEntry("eu-west-1b", 4);
    }

    @Test
    void theApiIsNotAskedWhenTheSnapshotKnowsZoneAndSpread() throws Exception {
        // Given a snapshot with i-1 and i-2 of web-asg in two zones
        String file = snapshot("{\"resources\": {"
                + "\"i-1\": {\"availabilityZone\": \"eu-west-1a\", \"autoScalingGroup\": \"web-asg\"},"
                + "\"i-2\": {\"availabilityZone\": \"eu-west-1b\", \"autoScalingGroup\": \"web-asg\"}}}");
        FakeTopologyApi api = FakeTopologyApi.named("snapshot-enough");
        open(TopologySettings.none().withSnapshot(file).withApi(api.factory()));

        // When i-1's impairment is enriched
        Topology t = enrich(impairment("i-1", "EC2_INSTANCE", metric(Map.of("InstanceId", "i-1")))).get(0).getTopology();

        // Then the snapshot answered alone
        assertThat(api.calls).isEmpty();
        assertThat(t.getAutoScalingGroup()).isEqualTo("web-asg");
        assertThat(t.getFleetMembersByZone()).containsExactlyInAnyOrderEntriesOf(Map.of("eu-west-1a", 1, "eu-west-1b", 1));
    }

    @Test
    void aCachedAnswerSavesTheSecondCall() throws Exception {
        // Given an API that knows i-1
        FakeTopologyApi api = FakeTopologyApi.named("cache").answer("i-1", new Topology("eu-west-1a", "web-asg",
                null, null, null, Map.of("eu-west-1a", 3), true, null));
        open(TopologySettings.none().withApi(api.factory()));

        // When two lifecycle records of i-1's impairment pass
        Impairment open = instanceInZoneA();
        List<Impairment> out = enrich(open, open.toBuilder().revision(1).build());

        // Then both are enriched from one call
        assertThat(api.calls).containsExactly("i-1");
        assertThat(out).extracting(i -> i.getTopology().getAutoScalingGroup()).containsExactly("web-asg", "web-asg");
        assertThat(out).extracting(Impairment::getRevision).containsExactly(0, 1);
    }

    @Test
    void anApiThatNeverAnswersTimesOutAndTheImpairmentFlowsMarkedIncomplete() throws Exception {
        // Given an API that never answers
        open(TopologySettings.none().withApi(StallingTopologyApi.factory()));
        harness.processElement(instanceInZoneA(), 0);
        assertThat(harness.extractOutputValues()).isEmpty();

        // When the timeout passes
        harness.setProcessingTime(TIMEOUT_MS + 1);
        harness.endInput();

        // Then the impairment is out with what the records said, incomplete, naming the timeout
        List<Impairment> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        Topology t = out.get(0).getTopology();
        assertThat(t.isComplete()).isFalse();
        assertThat(t.getMissing()).containsExactly("aws-api: timeout after 500 ms");
        assertThat(t.getAvailabilityZone()).isEqualTo("eu-west-1a");
        assertThat(out.get(0).getId()).isEqualTo(instanceInZoneA().getId());
    }

    @Test
    void aFailingApiMarksTheImpairmentIncompleteWithTheReasonAndIsAskedAgain() throws Exception {
        // Given an API whose every call is denied
        FakeTopologyApi api = FakeTopologyApi.named("denied").failWith(AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("EC2").errorCode("UnauthorizedOperation").build())
                .message("You are not authorized").build());
        open(TopologySettings.none().withApi(api.factory()));

        // When two records of the impairment pass
        Impairment open = instanceInZoneA();
        List<Impairment> out = enrich(open, open.toBuilder().revision(1).build());

        // Then both flow, incomplete with the AWS error, and the failure was not cached
        assertThat(out).hasSize(2);
        assertThat(out).allSatisfy(i -> {
            assertThat(i.getTopology().isComplete()).isFalse();
            assertThat(i.getTopology().getMissing()).containsExactly("aws-api: EC2 UnauthorizedOperation");
            assertThat(i.getTopology().getAvailabilityZone()).isEqualTo("eu-west-1a");
        });
        assertThat(api.calls).containsExactly("i-1", "i-1");
    }

    @Test
    void aTargetGroupIsNotAskedAboutItsZone() throws Exception {
        // Given a snapshot knowing the target group's spread through its members, and an API
        String file = snapshot("{\"resources\": {"
                + "\"i-1\": {\"availabilityZone\": \"eu-west-1a\", \"targetGroups\": [\"targetgroup/web-tg/1\"]},"
                + "\"i-2\": {\"availabilityZone\": \"eu-west-1b\", \"targetGroups\": [\"targetgroup/web-tg/1\"]}}}");
        FakeTopologyApi api = FakeTopologyApi.named("tg");
        open(TopologySettings.none().withSnapshot(file).withApi(api.factory()));

        // When the target group's impairment is enriched
        Topology t = enrich(impairment("targetgroup/web-tg/1", "TARGET_GROUP",
                metric(Map.of("TargetGroup", "targetgroup/web-tg/1")))).get(0).getTopology();

        // Then a target group spans zones: its spread is enough and AWS is not asked
        assertThat(api.calls).isEmpty();
        assertThat(t.getAvailabilityZone()).isNull();
        assertThat(t.getFleetMembersByZone()).containsExactlyInAnyOrderEntriesOf(Map.of("eu-west-1a", 1, "eu-west-1b", 1));
    }

    @Test
    void withNeitherSnapshotNorApiOnlyTheRecordsHintsAreAdded() throws Exception {
        // Given no snapshot and no API
        open(TopologySettings.none());
        Impairment bare = impairment("db-1", "RDS_INSTANCE", metric(Map.of("DBInstanceIdentifier", "db-1")));

        // When an impairment with hints and one without pass
        List<Impairment> out = enrich(instanceInZoneA(), bare);

        // Then the first gets its zone, complete; the second is passed on untouched
        assertThat(out.get(0).getTopology().getAvailabilityZone()).isEqualTo("eu-west-1a");
        assertThat(out.get(0).getTopology().isComplete()).isTrue();
        assertThat(out.get(1).getTopology()).isNull();
        assertThat(out.get(1)).isEqualTo(bare);
    }

    @Test
    void aLongReasonIsCut() {
        String reason = Enrichment.reason(new IllegalStateException("x".repeat(500)));
        assertThat(reason).hasSize(160).endsWith("...");
        assertThat(Enrichment.reason(new java.util.concurrent.CompletionException(
                new java.util.concurrent.RejectedExecutionException("busy")))).isEqualTo("busy");
    }
}
