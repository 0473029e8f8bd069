package dev.vigil.detector.resource;

import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint of today's job restored by this version: the resource state written by commit
 * 545e0e3 (its anomaly model has no length prefix, and its size depends on the rule) is read
 * through, the anomaly series relearns, and everything written after the model (the unhealthy-hosts
 * series, the open impairment) is intact. See {@code state/legacy-anomaly/GenerateLegacyState.java.txt}.
 */
class LegacyAnomalyStateTest {
    static final long T0 = 1763800200000L;
    static final long MIN = 60_000;
    static final String TG = "targetgroup/web-tg/1";
    static final Path DIR = Paths.get("src/test/resources/state/legacy-anomaly");

    static MetricDatapoint alb(String metric, long ts, double v) {
        return MetricDatapoint.builder().account("1").region("eu-west-1").namespace("AWS/ApplicationELB")
                .metricName(metric).dimension("LoadBalancer", "app/web/1").dimension("TargetGroup", TG)
                .timestamp(ts).statistic("max", v).statistic("min", v).statistic("sum", v).statistic("count", 1).build();
    }

    @ParameterizedTest
    @CsvSource({"resource-tg-default-rules.bin,", "resource-tg-custom-layout.bin,custom-layout-rules-upgraded.yaml"})
    void restoresAResourceWrittenByTheModelOfCommit545e0e3(String bytesFile, String rulesFile) throws Exception {
        // Given the bytes and the rules they were written under
        RuleSet rules = rulesFile == null ? RuleSet.loadDefault() : RuleSet.load(DIR.resolve(rulesFile).toString());
        byte[] bytes;
        try (InputStream in = java.nio.file.Files.newInputStream(DIR.resolve(bytesFile))) {
            bytes = in.readAllBytes();
        }

        // When this version reads them
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        ResourceDetector d = ResourceDetector.readFrom(ResourceKey.of("1", "eu-west-1", TG), rules, in);

        // Then every byte was consumed, and what came after the anomaly model is intact
        assertThat(in.available()).isZero();
        assertThat(d.isImpaired()).as("the unhealthy-hosts impairment is still open").isTrue();
        assertThat(d.lastDataMs()).isEqualTo(T0 + 179 * MIN);

        // and the series go on: hosts healthy again resolve the impairment after the rule's five good minutes,
        // the anomaly series relearns (warming up: no breach from it however odd the values)
        RuleMatcher matcher = new RuleMatcher(rules);
        List<Impairment> out = new ArrayList<>();
        for (int m = 180; m < 200; m++) {
            long ts = T0 + m * MIN;
            for (MetricDatapoint dp : new MetricDatapoint[] {alb("TargetResponseTime", ts, m % 2 == 0 ? 5.0 : 0.01),
                    alb("RequestCount", ts, 1000), alb("UnHealthyHostCount", ts, 0)}) {
                matcher.forEachMatch(dp, (rule, role, id) -> d.accept(rule, role, dp));
            }
            out.addAll(d.advance(ts + MIN, 0, null));
        }
        assertThat(out).extracting(Impairment::getState).containsExactly(LifecycleState.RESOLVED);

        // and it writes the current layout, which reads back to the same state
        DataOutputSerializer o = new DataOutputSerializer(4096);
        d.writeTo(o);
        ResourceDetector again = ResourceDetector.readFrom(ResourceKey.of("1", "eu-west-1", TG), rules,
                new DataInputDeserializer(o.getCopyOfBuffer()));
        DataOutputSerializer o2 = new DataOutputSerializer(4096);
        again.writeTo(o2);
        assertThat(o2.getCopyOfBuffer()).isEqualTo(o.getCopyOfBuffer());
    }
}
