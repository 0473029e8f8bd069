package dev.vigil.detector.eval;

import dev.vigil.detector.rules.Comparison;
import dev.vigil.detector.rules.ResourceType;
import dev.vigil.detector.rules.RuleBuilder;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.TreatMissingData;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.Severity;

import java.util.Collections;

/** Small rules and datapoints for eval tests. */
final class TestRules {
    static final long T0 = 1_700_000_040_000L - (1_700_000_040_000L % 60_000L); // a minute boundary

    private TestRules() {
    }

    /** CPU > 90 (recovery 75), Average, 60 s, M of N. */
    static RuleBuilder cpu(int m, int n, TreatMissingData treat) {
        return Rule.builder().id("cpu").namespace("AWS/EC2").metricName("CPUUtilization")
                .dimensions(Collections.singletonList("InstanceId")).statistic("Average").periodSeconds(60)
                .comparison(Comparison.GREATER_THAN_THRESHOLD).threshold(90).recoveryThreshold(75)
                .datapointsToAlarm(m).evaluationPeriods(n).treatMissingData(treat).healthyThreshold(2)
                .impairmentType(ImpairmentType.RESOURCE_EXHAUSTION).severity(Severity.MEDIUM)
                .resourceDimension("InstanceId").resourceType(ResourceType.EC2_INSTANCE);
    }

    static MetricDatapoint cpuPoint(long ts, double value) {
        return MetricDatapoint.builder().namespace("AWS/EC2").metricName("CPUUtilization")
                .dimension("InstanceId", "i-1").timestamp(ts).value(value).build();
    }

    /** A datapoint carrying full statistics. */
    static MetricDatapoint stats(long ts, double max, double min, double sum, double count) {
        return MetricDatapoint.builder().namespace("AWS/EC2").metricName("CPUUtilization")
                .dimension("InstanceId", "i-1").timestamp(ts)
                .statistic("max", max).statistic("min", min).statistic("sum", sum).statistic("count", count).build();
    }

    static long minute(int i) {
        return T0 + i * 60_000L;
    }
}
