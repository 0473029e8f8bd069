package dev.vigil.tools.report;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.HealthEventKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {
    private static final long T0 = 1_795_341_600_000L;

    private static Impairment imp(String resource, LifecycleState state, EvidenceKind... causes) {
        Evidence[] evidence = new Evidence[causes.length];
        for (int i = 0; i < causes.length; i++) {
            evidence[i] = Evidence.builder(causes[i]).build();
        }
        Impairment.Builder b = Impairment.builder().id("imp-" + resource).revision(state == LifecycleState.OPEN ? 0 : 1).state(state)
                .resource(resource, "EC2_INSTANCE").type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.HIGH)
                .firstBreachTime(T0).detectionTime(T0 + 60_000).evidence(evidence);
        return state == LifecycleState.RESOLVED ? b.resolvedTime(T0 + 600_000).build() : b.build();
    }

    private static DeadLetter dead(String bytes) {
        return new DeadLetter(DeadLetterReason.MALFORMED_JSON, "broken", "metrics", 0, bytes.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void marksSayWhatHappenedToEachResourceAndWhen() {
        Timeline t = Timeline.of(
                List.of(imp("i-1", LifecycleState.OPEN, EvidenceKind.METRIC, EvidenceKind.EVENT), imp("i-1", LifecycleState.RESOLVED),
                        imp("i-2", LifecycleState.OPEN, EvidenceKind.EVENT)),
                List.of(new HealthEvent("e", "aws.ec2", "EC2 Instance State-change Notification", HealthEventKind.EC2_STATE_CHANGE,
                        "stopped", "stopped", "1", "r", T0 + 30_000, new String[0], new String[] {"i-2"}, "{}")),
                List.of(dead("{\"timestamp\":" + (T0 + 5_000) + ",\"dimensions\":{\"InstanceId\":\"i-1\"},\"value\":"),
                        dead("{\"id\":\"x\",\"time\":\"2026-11-22T10:07:00Z\",\"detail\":"), dead("\u0000\u0000")),
                List.of("i-1"));

        assertThat(t.marksFor("i-1")).extracting(TimelineMark::kind)
                .containsExactly(TimelineMark.Kind.DEAD_LETTER, TimelineMark.Kind.OPENED, TimelineMark.Kind.RESOLVED);
        assertThat(t.marksFor("i-1").get(1).span()).isEqualTo("imp-i-1").isEqualTo(t.marksFor("i-1").get(2).span());
        assertThat(t.marksFor("i-2")).extracting(TimelineMark::kind)
                .containsExactly(TimelineMark.Kind.EVENT, TimelineMark.Kind.OPENED_BY_EVENT);
        assertThat(t.unattributed()).extracting(TimelineMark::time).containsExactly(T0 + 7 * 60_000);
        assertThat(t.untimed()).hasSize(1);

        // Another producer adds marks of its own, on a resource or on none
        t.add(new TimelineMark(T0 + 90_000, TimelineMark.Kind.EVENT, "i-3", "added"));
        assertThat(t.resources()).containsExactly("i-1", "i-2", "i-3");
    }
}
