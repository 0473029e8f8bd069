package dev.vigil.detector;

import dev.vigil.detector.testing.Recording;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.SchemaValidator;
import dev.vigil.schemas.Severity;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled incident through the whole pipeline on a MiniCluster: a web fleet where
 * i-0a1b2c3d4e5f60718 fails its system status check at 08:30 (2-of-2 rule, 60 s periods), 5xx
 * and unhealthy hosts rise on its target group, an alarm fires, the instance stops, and Auto
 * Scaling replaces it at 08:40:55.
 */
class DetectorPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String INSTANCE = "i-0a1b2c3d4e5f60718";
    private static final String TARGET_GROUP = "targetgroup/web-tg/73e2d6bc24d8a067";
    private static Recording recording;
    private static PipelineRun run;

    @BeforeAll
    static void runTheIncident() throws Exception {
        recording = Recording.demo();
        run = PipelineRun.of(recording, DetectorConfig.defaults().forReplay(), 2);
    }

    private static long at(String hhmmss) {
        return Instant.parse("2025-11-22T" + hhmmss + "Z").toEpochMilli();
    }

    private static List<Impairment> of(String resource) {
        return run.impairments.stream().filter(i -> i.getResourceId().equals(resource))
                .sorted(Comparator.comparingInt(Impairment::getRevision)).collect(Collectors.toList());
    }

    @Test
    void nothingIsLost() {
        int linesIn = recording.metricLines().size() + recording.eventLines().size();
        assertThat(run.datapoints + run.events.size() + run.deadLetters.size()).isEqualTo(linesIn);
        assertThat(run.deadLetters.stream().map(DeadLetter::getReason).collect(Collectors.toList()))
                .containsExactlyInAnyOrder(DeadLetterReason.NON_FINITE, DeadLetterReason.MALFORMED_JSON,
                        DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void failedInstanceOpensTwoPeriodsAfterItsFirstBreachAndResolvesWhenReplaced() {
        List<Impairment> life = of(INSTANCE);

        assertThat(life).extracting(Impairment::getState).containsExactly(
                LifecycleState.OPEN, LifecycleState.UPDATE, LifecycleState.UPDATE, LifecycleState.RESOLVED);
        Impairment open = life.get(0);
        assertThat(open.getType()).isEqualTo(ImpairmentType.INSTANCE_FAILURE);
        assertThat(open.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(open.getFirstBreachTime()).isEqualTo(at("08:30:00"));
        // MTTD = M periods: the 2-of-2 status-check rule with 60 s periods opens at 08:32.
        assertThat(open.getDetectionTime() - open.getFirstBreachTime()).isEqualTo(2 * 60_000L);
        assertThat(open.getEvidence()[0].getRuleId()).isEqualTo("ec2-status-check-system");
        assertThat(open.getEvidence()[0].getValue()).isEqualTo(1.0);
        assertThat(life.get(1).getEvidence()).extracting(e -> e.getEventSource()).contains("aws.cloudwatch");
        assertThat(life.get(2).getEvidence()).extracting(e -> e.getEventStatus()).contains("stopped");
        assertThat(life.get(3).getResolvedTime()).isEqualTo(at("08:40:55"));
        assertThat(life).extracting(Impairment::getId).containsOnly(open.getId());
        assertThat(life).extracting(Impairment::getRevision).containsExactly(0, 1, 2, 3);
    }

    @Test
    void targetGroupHasOneImpairmentAcrossBothCauses() {
        List<Impairment> life = of(TARGET_GROUP);

        assertThat(life).extracting(Impairment::getState).containsExactly(
                LifecycleState.OPEN, LifecycleState.UPDATE, LifecycleState.UPDATE, LifecycleState.RESOLVED);
        assertThat(life.get(0).getEvidence()[0].getRuleId()).isEqualTo("alb-target-5xx-ratio");
        assertThat(life.get(0).getDetectionTime()).isEqualTo(at("08:33:00"));
        assertThat(life.get(1).getEvidence()).extracting(e -> e.getRuleId())
                .containsExactly("alb-target-5xx-ratio", "alb-unhealthy-hosts");
        assertThat(life.get(3).getResolvedTime()).isEqualTo(at("08:47:00"));
    }

    @Test
    void autoScalingGroupBelowDesiredForTenMinutes() {
        List<Impairment> life = of("web-asg");

        assertThat(life).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(life.get(0).getFirstBreachTime()).isEqualTo(at("08:31:00"));
        assertThat(life.get(0).getDetectionTime()).isEqualTo(at("08:41:00"));
    }

    @Test
    void onlyTheImpairedResourcesAppearAndEveryRecordMatchesTheSchema() {
        assertThat(run.impairments).extracting(Impairment::getResourceId).containsOnly(INSTANCE, TARGET_GROUP, "web-asg");
        assertThat(run.impairments).hasSize(10);
        for (Impairment i : run.impairments) {
            assertThat(SchemaValidator.problems("impairment", i)).as(i.toString()).isEmpty();
        }
    }

    @Test
    void sameInputSameImpairmentsAtAnotherParallelism() throws Exception {
        PipelineRun again = PipelineRun.of(recording, DetectorConfig.defaults().forReplay(), 1);

        assertThat(again.impairments).extracting(i -> i.getId() + "/" + i.getRevision() + "/" + i.getState())
                .containsExactlyInAnyOrderElementsOf(run.impairments.stream()
                        .map(i -> i.getId() + "/" + i.getRevision() + "/" + i.getState()).collect(Collectors.toList()));
    }
}
