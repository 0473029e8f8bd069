package dev.vigil.detector.resource;

import dev.vigil.schemas.AwsRecoveryKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** State is forever: a resource's state bytes of an earlier release restore and carry on. */
class ResourceDetectorStateTest {
    private static final long T0 = 1_795_341_600_000L; // 2026-11-22T10:00Z
    private static final long MIN = 60_000;
    private static final String INSTANCE = "i-0a1b2c3d4e5f60718";

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ResourceDetectorStateTest.class.getResourceAsStream("/state/545e0e3/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theLayoutOfCommit545e0e3IsReadAndCarriesOn() throws Exception {
        // Given the state an impaired instance had under commit 545e0e3 (layout 2), and what that run emitted
        byte[] v2 = resource("resource-detector-v2-impaired.bin");
        String[] lines = new String(resource("resource-detector-v2-impaired.records.jsonl"), StandardCharsets.UTF_8).split("\n");
        Impairment lastEmitted = Json.fromString(lines[lines.length - 1], Impairment.class);
        assertThat(v2[0]).as("layout version").isEqualTo((byte) 2);

        // When today's code reads it
        DetectorDriver i = new DetectorDriver(INSTANCE);
        i.detector = i.read(v2);

        // Then the open impairment, its causes, its series and its queued event are all there
        assertThat(i.detector.isImpaired()).isTrue();
        assertThat(i.detector.seriesCount()).isEqualTo(3);
        assertThat(i.detector.nextEventTime()).isEqualTo(T0 + 25 * MIN);
        // And it goes on as the old code would have: the queued stopping event joins the same impairment
        i.statusCheck(T0 + 20 * MIN, 1);
        for (int m = 21; m <= 25; m++) {
            i.statusCheck(T0 + m * MIN, 1);
            i.advance(T0 + m * MIN);
        }
        // (first the old record's first breach is corrected: the rule firing since 10:15 is a cause)
        List<Impairment> out = i.emitted;
        assertThat(out).hasSize(2);
        assertThat(lastEmitted.getFirstBreachTime()).isEqualTo(T0 + 16 * MIN + 30_000);
        assertThat(out).extracting(Impairment::getFirstBreachTime).containsOnly(T0 + 15 * MIN);
        assertThat(out).extracting(Impairment::getId).containsOnly(lastEmitted.getId());
        assertThat(out).extracting(Impairment::getRevision)
                .containsExactly(lastEmitted.getRevision() + 1, lastEmitted.getRevision() + 2);
        assertThat(out).extracting(Impairment::getType).containsOnly(lastEmitted.getType());
        Impairment update = out.get(1);
        assertThat(update.getState()).isEqualTo(LifecycleState.UPDATE);
        assertThat(update.getAwsRecovering()).extracting(r -> r.getKind()).containsExactly(AwsRecoveryKind.INSTANCE_STOPPING);
        assertThat(update.getSummary()).contains("event:ec2-state", "event:health:AWS_EC2_OPERATIONAL_ISSUE",
                "rule:ec2-status-check-system");
        // And it is written in today's layout from then on
        assertThat(i.bytes()[0]).isEqualTo((byte) 4);
    }

    @Test
    void todaysLayoutKeepsRecoveriesAndThePreviousImpairment() {
        // Given an instance whose impairment resolved, then AWS scheduled its retirement
        DetectorDriver i = new DetectorDriver("i-1");
        i.statusCheck(T0, 1).statusCheck(T0 + MIN, 1);
        i.advance(T0 + 2 * MIN);
        for (int m = 2; m < 6; m++) {
            i.statusCheck(T0 + m * MIN, 0);
            i.advance(T0 + (m + 1) * MIN);
        }
        i.event(TestEvents.health("h", "i-1", "AWS_EC2_INSTANCE_STOP_SCHEDULED", "scheduledChange", "upcoming", T0 + 6 * MIN));
        i.advance(T0 + 7 * MIN);
        assertThat(i.emitted).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);

        // When its state is written and read back (the driver does so after every step), and it fails again
        byte[] bytes = i.bytes();
        assertThat(i.read(bytes).lastActiveMs()).isEqualTo(i.detector.lastActiveMs());
        i.statusCheck(T0 + 7 * MIN, 1).statusCheck(T0 + 8 * MIN, 1);
        i.advance(T0 + 9 * MIN);

        // Then the new OPEN carries the retirement notice read back from the bytes
        Impairment again = i.last();
        assertThat(again.getState()).isEqualTo(LifecycleState.OPEN);
        assertThat(again.getId()).isNotEqualTo(i.emitted.get(0).getId());
        assertThat(again.getAwsRecovering()).extracting(r -> r.getCode()).containsExactly("AWS_EC2_INSTANCE_STOP_SCHEDULED");
    }
}
