package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateRulesTest {
    private static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("rejected", DeadLetterTypeInfoFactory.TYPE_INFO);
    private static final String LOCATION = "s3://vigil-rules/live/rules.yaml";
    private static final String RULE = "rules:\n"
            + "  - id: queue-depth\n"
            + "    namespace: App\n"
            + "    metricName: Queue\n"
            + "    dimensions: [InstanceId]\n"
            + "    statistic: Maximum\n"
            + "    periodSeconds: 60\n"
            + "    detector: threshold\n"
            + "    comparison: GreaterThanThreshold\n"
            + "    threshold: 100\n"
            + "    datapointsToAlarm: 2\n"
            + "    evaluationPeriods: 2\n"
            + "    impairmentType: RESOURCE_EXHAUSTION\n"
            + "    severity: HIGH\n"
            + "    resourceDimension: InstanceId\n"
            + "    resourceType: EC2_INSTANCE\n";

    @Test
    void aGoodUpdatePassesABadOneIsADeadLetterOfItsExactBytesNamingTheProblem() throws Exception {
        try (OneInputStreamOperatorTestHarness<RulesUpdate, RulesUpdate> h =
                     new OneInputStreamOperatorTestHarness<>(new ValidateRules(REJECTED))) {
            h.open();
            // Given a good file, then one with a bad value, one with a typo'd key, one not YAML, a bad version
            RulesUpdate good = update("v1", "version: 3\n" + RULE);
            RulesUpdate badValue = update("v2", RULE.replace("threshold: 100", "threshold: lots"));
            RulesUpdate typo = update("v3", RULE.replace("    severity: HIGH\n", "    severty: HIGH\n"));
            RulesUpdate notYaml = update("v4", "rules: [\n  - {");
            RulesUpdate badVersion = update("v5", "version: 0\n" + RULE);

            // When they are validated
            for (RulesUpdate u : List.of(good, badValue, typo, notYaml, badVersion)) {
                h.processElement(new StreamRecord<>(u));
            }

            // Then only the good one passes
            assertThat(h.extractOutputValues()).containsExactly(good);
            // and each bad one is an invalid_rules dead letter, source rules, of exactly its bytes
            List<DeadLetter> dead = h.getSideOutput(REJECTED).stream().map(StreamRecord::getValue).collect(Collectors.toList());
            assertThat(dead).extracting(DeadLetter::getOriginal)
                    .containsExactly(badValue.bytes(), typo.bytes(), notYaml.bytes(), badVersion.bytes());
            assertThat(dead).allSatisfy(d -> {
                assertThat(d.getReason()).isEqualTo(DeadLetterReason.INVALID_RULES);
                assertThat(d.getSourceStream()).isEqualTo("rules");
                assertThat(d.getMessage()).startsWith(LOCATION);
            });
            // naming the rule and key where there is one
            assertThat(dead.get(0).getMessage()).contains("queue-depth").contains("threshold");
            assertThat(dead.get(1).getMessage()).contains("queue-depth").contains("severty").contains("severity");
            assertThat(dead.get(2).getMessage()).contains("not valid YAML");
            assertThat(dead.get(3).getMessage()).contains("version");
        }
    }

    @Test
    void theRulesStreamCarriesNoEventTime() throws Exception {
        try (OneInputStreamOperatorTestHarness<RulesUpdate, RulesUpdate> h =
                     new OneInputStreamOperatorTestHarness<>(new ValidateRules(REJECTED))) {
            h.open();
            // When a watermark (the end of time, as a finished source sends) and an active status come in
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);

            // Then neither leaves: the output was announced idle, and stays so
            assertThat(h.getOutput()).containsExactly(WatermarkStatus.IDLE);
        }
    }

    private static RulesUpdate update(String tag, String yaml) {
        return new RulesUpdate(LOCATION, tag, 1L, yaml.getBytes(StandardCharsets.UTF_8));
    }
}
