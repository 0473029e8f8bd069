package dev.vigil.detector.series;

import dev.vigil.detector.rules.MetricRole;
import dev.vigil.schemas.MetricDatapoint;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static dev.vigil.detector.series.TestRules.T0;
import static dev.vigil.detector.series.TestRules.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PeriodAccumulatorTest {
    // Two datapoints of one period: (max 10, min 2, sum 20, count 4) and (max 30, min 1, sum 60, count 2).
    private static final MetricDatapoint A = stats(T0, 10, 2, 20, 4);
    private static final MetricDatapoint B = stats(T0 + 30_000, 30, 1, 60, 2);

    private static double combine(Aggregation agg, String stat, MetricDatapoint... dps) {
        PeriodAccumulator acc = new PeriodAccumulator(agg, stat, T0);
        for (MetricDatapoint d : dps) {
            acc.add(d, MetricRole.NUMERATOR);
        }
        return acc.value();
    }

    @Test
    void averageIsSumOfSumsOverSumOfCountsNotMeanOfMeans() {
        // mean of means would be (5 + 30) / 2 = 17.5
        assertThat(combine(Aggregation.AVERAGE, "Average", A, B)).isEqualTo(80.0 / 6);
    }

    @Test
    void sumAndSampleCountAdd() {
        assertThat(combine(Aggregation.SUM, "Sum", A, B)).isEqualTo(80.0);
        assertThat(combine(Aggregation.SAMPLE_COUNT, "SampleCount", A, B)).isEqualTo(6.0);
    }

    @Test
    void maximumAndMinimumTakeTheExtremes() {
        assertThat(combine(Aggregation.MAXIMUM, "Maximum", A, B)).isEqualTo(30.0);
        assertThat(combine(Aggregation.MINIMUM, "Minimum", A, B)).isEqualTo(1.0);
        assertThat(combine(Aggregation.MAXIMUM, "Maximum", stats(T0, -5, -9, -14, 2))).isEqualTo(-5.0);
        assertThat(combine(Aggregation.MINIMUM, "Minimum", stats(T0, 7, 3, 10, 2))).isEqualTo(3.0);
    }

    @Test
    void aRuleWrittenWithCloudWatchsOtherSpellingsReadsTheStreamsKey() {
        // Given rules written P99 and tm90, and datapoints as the stream writes them: p99, and tm90 as TM(:90%)
        MetricDatapoint dp = MetricDatapoint.builder().namespace("AWS/EC2").metricName("CPUUtilization")
                .dimension("InstanceId", "i-1").timestamp(T0).statistic("count", 1).statistic("sum", 1)
                .statistic("p99", 97).statistic("TM(:90%)", 41).build();
        dev.vigil.detector.rules.Rule p99 = TestRules.cpu(1, 1, dev.vigil.detector.rules.TreatMissingData.MISSING)
                .statistic("P99").build();
        dev.vigil.detector.rules.Rule tm90 = TestRules.cpu(1, 1, dev.vigil.detector.rules.TreatMissingData.MISSING)
                .statistic("TM90").build();

        // Then each period has the value, rather than none (which would leave the rule silent forever)
        assertThat(combine(Aggregation.forRule(p99), p99.statistic(), dp)).isEqualTo(97.0);
        assertThat(combine(Aggregation.forRule(tm90), tm90.statistic(), dp)).isEqualTo(41.0);
    }

    @Test
    void percentilesUseTheCountWeightedMeanApproximation() {
        MetricDatapoint p1 = MetricDatapoint.builder().namespace("n").metricName("m").timestamp(T0)
                .statistic("count", 3).statistic("sum", 3).statistic("p99", 100).build();
        MetricDatapoint p2 = MetricDatapoint.builder().namespace("n").metricName("m").timestamp(T0)
                .statistic("count", 1).statistic("sum", 1).statistic("p99", 200).build();

        assertThat(combine(Aggregation.EXTENDED_WEIGHTED_MEAN, "p99", p1, p2)).isEqualTo((300.0 + 200.0) / 4);
        assertThat(combine(Aggregation.EXTENDED_WEIGHTED_MEAN, "p99", p2)).isEqualTo(200.0);
        assertThat(combine(Aggregation.EXTENDED_WEIGHTED_MEAN, "p50", p1)).isNaN();
    }

    @Test
    void ratioWithMissingNumeratorIsZeroAndWithoutDenominatorIsNoData() {
        MetricDatapoint requests = stats(T0, 40, 10, 100, 3);
        MetricDatapoint errors = stats(T0, 4, 1, 5, 3);

        PeriodAccumulator onlyDenominator = new PeriodAccumulator(Aggregation.RATIO, "Sum", T0);
        onlyDenominator.add(requests, MetricRole.DENOMINATOR);
        assertThat(onlyDenominator.value()).isEqualTo(0.0);

        PeriodAccumulator onlyNumerator = new PeriodAccumulator(Aggregation.RATIO, "Sum", T0);
        onlyNumerator.add(errors, MetricRole.NUMERATOR);
        assertThat(onlyNumerator.hasData()).isTrue();
        assertThat(onlyNumerator.value()).isNaN();

        PeriodAccumulator both = new PeriodAccumulator(Aggregation.RATIO, "Sum", T0);
        both.add(errors, MetricRole.NUMERATOR);
        both.add(requests, MetricRole.DENOMINATOR);
        both.add(errors, MetricRole.NUMERATOR);
        both.add(requests, MetricRole.DENOMINATOR);
        assertThat(both.value()).isCloseTo(10.0 / 200.0, within(1e-12));

        PeriodAccumulator zeroDenominator = new PeriodAccumulator(Aggregation.RATIO, "Sum", T0);
        zeroDenominator.add(stats(T0, 0, 0, 0, 1), MetricRole.DENOMINATOR);
        assertThat(zeroDenominator.value()).isNaN();
    }

    @Test
    void datapointWithoutTheStatisticContributesNothing() {
        PeriodAccumulator acc = new PeriodAccumulator(Aggregation.AVERAGE, "Average", T0);
        MetricDatapoint noStats = MetricDatapoint.builder().namespace("n").metricName("m").timestamp(T0).build();

        assertThat(acc.add(noStats, MetricRole.NUMERATOR)).isFalse();
        assertThat(acc.hasData()).isFalse();
        assertThat(acc.value()).isNaN();
    }

    @Test
    void roundTripKeepsOnlyWhatTheStatisticNeeds() throws IOException {
        PeriodAccumulator avg = new PeriodAccumulator(Aggregation.AVERAGE, "Average", T0);
        avg.add(A, MetricRole.NUMERATOR);
        avg.add(B, MetricRole.NUMERATOR);
        avg.markMinute(MetricRole.NUMERATOR, 0);
        avg.markMinute(MetricRole.NUMERATOR, 1);
        PeriodAccumulator max = new PeriodAccumulator(Aggregation.MAXIMUM, "Maximum", T0);
        max.add(A, MetricRole.NUMERATOR);

        byte[] avgBytes = bytes(avg);
        byte[] maxBytes = bytes(max);

        assertThat(avgBytes).hasSize(29); // start, flags, minutes seen, sum, count
        assertThat(maxBytes).hasSize(21);
        PeriodAccumulator avgCopy = PeriodAccumulator.readFrom(Aggregation.AVERAGE, "Average",
                new DataInputStream(new ByteArrayInputStream(avgBytes)));
        assertThat(avgCopy.value()).isEqualTo(avg.value());
        assertThat(avgCopy.periodStartMs()).isEqualTo(T0);
        assertThat(avgCopy.complete(2)).isTrue();
        assertThat(avgCopy.complete(3)).isFalse();
        assertThat(PeriodAccumulator.readFrom(Aggregation.MAXIMUM, "Maximum",
                new DataInputStream(new ByteArrayInputStream(maxBytes))).value()).isEqualTo(10.0);
    }

    private static byte[] bytes(PeriodAccumulator acc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        acc.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }
}
