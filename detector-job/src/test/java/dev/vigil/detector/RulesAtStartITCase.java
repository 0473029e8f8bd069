package dev.vigil.detector;

import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.demo.Recording;
import dev.vigil.detector.rules.RuleValidationException;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules file is read once, where the job is submitted: a bad file fails the submission, and
 * the operators run on the rules parsed there, not on whatever file their TaskManager can see.
 */
class RulesAtStartITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static DetectorPipeline.Outputs build(StreamExecutionEnvironment env, Recording recording, DetectorConfig config) {
        DataStream<byte[]> metrics = env.fromData(recording.metricRecords(25), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DataStream<byte[]> events = env.fromData(recording.eventRecords(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        return DetectorPipeline.build(metrics, events, config);
    }

    @Test
    void aBadRulesFileFailsWhenThePipelineIsBuiltNotWhenItRuns(@TempDir Path dir) throws Exception {
        // Given a rules file with an impossible statistic
        Path rules = copyOfDefaultRules(dir);
        Files.writeString(rules, Files.readString(rules).replaceFirst("statistic: Maximum", "statistic: p101"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs

        // Then building the job (on the client, before anything is submitted) fails, naming the rule and key
        assertThatThrownBy(() -> build(env, Recording.demo(), DetectorConfig.defaults().withRules(rules.toString())))
                .isInstanceOf(RuleValidationException.class)
                .hasMessageContaining(rules.toString()).hasMessageContaining("'statistic'").hasMessageContaining("p101");
    }

    @Test
    void theOperatorsRunOnTheRulesParsedAtSubmissionNotOnTheFile(@TempDir Path dir) throws Exception {
        // Given the demo incident and the job built from a rules file that is gone by the time it runs
        // (as on a TaskManager that never had the client's file)
        Path rules = copyOfDefaultRules(dir);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs
        env.setParallelism(2);
        DetectorPipeline.Outputs out = build(env, Recording.demo(),
                DetectorConfig.defaults().forReplay().withRules(rules.toString()));
        Files.delete(rules);

        // When it runs
        List<Impairment> impairments = new ArrayList<>();
        try (CloseableIterator<Impairment> it = out.impairments.executeAndCollect("rules-at-start")) {
            it.forEachRemaining(impairments::add);
        }

        // Then it detects the failed instance, as with the file in place
        assertThat(impairments).anyMatch(i -> i.getState() == LifecycleState.OPEN
                && i.getResourceId().equals("i-0a1b2c3d4e5f60718"));
    }

    private static Path copyOfDefaultRules(Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        try (InputStream in = RulesAtStartITCase.class.getResourceAsStream("/rules/default-rules.yaml")) {
            Files.copy(in, rules);
        }
        return rules;
    }
}
