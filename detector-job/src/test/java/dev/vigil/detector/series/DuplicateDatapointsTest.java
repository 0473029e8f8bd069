package dev.vigil.detector.series;

import dev.vigil.detector.rules.MetricRole;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.TreatMissingData;
import dev.vigil.schemas.MetricDatapoint;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static dev.vigil.detector.series.TestRules.cpu;
import static dev.vigil.detector.series.TestRules.minute;
import static dev.vigil.detector.series.TestRules.stats;
import static org.assertj.core.api.Assertions.assertThat;

/** Firehose redelivers lines it is not sure were taken: a series counts each datapoint once. */
class DuplicateDatapointsTest {
    private static final Rule RATIO = RuleSet.loadDefault().get("alb-target-5xx-ratio");

    private static SeriesEvaluator series(Rule rule) {
        return new SeriesEvaluator(rule, ThresholdDetector.forRule(rule));
    }

    private static MetricDatapoint alb(String metric, long ts, double sum) {
        return MetricDatapoint.builder().namespace("AWS/ApplicationELB").metricName(metric)
                .dimension("LoadBalancer", "lb").dimension("TargetGroup", "tg").timestamp(ts)
                .statistic("max", sum).statistic("min", 0).statistic("sum", sum).statistic("count", 1).build();
    }

    private static SeriesEvaluator roundTrip(Rule rule, SeriesEvaluator s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(bytes));
        return SeriesEvaluator.readFrom(rule, ThresholdDetector.forRule(rule),
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Test
    void aRedeliveredDatapointInAnOpenPeriodIsNotAddedTwice() {
        // Given a five-minute average rule and two minutes of its period (periods align to the epoch)
        Rule rule = cpu(1, 1, TreatMissingData.MISSING).periodSeconds(300).build();
        SeriesEvaluator s = series(rule);
        long p0 = Math.floorDiv(minute(5), 300_000L) * 300_000L;
        assertThat(s.place(stats(p0, 100, 100, 100, 1))).isEqualTo(Placement.ACCEPTED);
        assertThat(s.place(stats(p0 + 60_000, 80, 80, 80, 1))).isEqualTo(Placement.ACCEPTED);
        // When the first minute is delivered again
        assertThat(s.place(stats(p0, 100, 100, 100, 1))).isEqualTo(Placement.DUPLICATE);
        for (int m = 2; m < 5; m++) {
            s.place(stats(p0 + m * 60_000L, 60, 60, 60, 1));
        }
        // Then the period's average is over five datapoints, not six
        List<Evaluation> evals = s.advance(p0 + 300_000);
        assertThat(evals).extracting(Evaluation::value).containsExactly((100 + 80 + 60 * 3) / 5.0);
    }

    @Test
    void aRedeliveryAfterItsPeriodWasEvaluatedIsADuplicateNotLate() {
        // Given a minute counted and evaluated
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).build());
        s.place(stats(minute(0), 95, 95, 95, 1));
        s.place(stats(minute(1), 95, 95, 95, 1));
        assertThat(s.advance(minute(2))).hasSize(2);
        // When it comes again, then it is a duplicate; a different datapoint for it is late
        assertThat(s.place(stats(minute(0), 95, 95, 95, 1))).isEqualTo(Placement.DUPLICATE);
        assertThat(s.place(stats(minute(0), 95, 95, 94, 1))).isEqualTo(Placement.LATE);
        // and so is one for a minute that never arrived
        assertThat(s.place(stats(minute(1) + 30_000, 95, 95, 95, 1))).isEqualTo(Placement.LATE);
    }

    @Test
    void extraStatisticsAreComparedToo() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).periodSeconds(300).build());
        MetricDatapoint.Builder b = MetricDatapoint.builder().namespace("AWS/EC2").metricName("CPUUtilization")
                .dimension("InstanceId", "i-1").timestamp(minute(0)).statistic("max", 9).statistic("min", 1)
                .statistic("sum", 10).statistic("count", 2);
        s.place(b.statistic("p99", 8.5).build());
        assertThat(s.place(b.statistic("p99", 8.5).build())).isEqualTo(Placement.DUPLICATE);
        assertThat(s.place(b.statistic("p99", 8.7).build())).isEqualTo(Placement.ACCEPTED);
    }

    @Test
    void eachSideOfARatioHasItsOwnMinutes() throws IOException {
        // Given requests and errors for minute 0, the errors delivered twice, across a restore
        SeriesEvaluator s = series(RATIO);
        assertThat(s.place(alb("RequestCount", minute(0), 200), MetricRole.DENOMINATOR)).isEqualTo(Placement.ACCEPTED);
        assertThat(s.place(alb("HTTPCode_Target_5XX_Count", minute(0), 20), MetricRole.NUMERATOR))
                .isEqualTo(Placement.ACCEPTED);
        s = roundTrip(RATIO, s);
        assertThat(s.place(alb("HTTPCode_Target_5XX_Count", minute(0), 20), MetricRole.NUMERATOR))
                .isEqualTo(Placement.DUPLICATE);
        assertThat(s.place(alb("RequestCount", minute(0), 200), MetricRole.DENOMINATOR)).isEqualTo(Placement.DUPLICATE);
        // Then the ratio is 20 / 200, not 40 / 400 or 40 / 200
        assertThat(s.advance(minute(1))).extracting(Evaluation::value).containsExactly(0.1);
    }

    @Test
    void theWindowFollowsTheNewestMinuteAndSurvivesARestore() throws IOException {
        Rule rule = cpu(1, 1, TreatMissingData.MISSING).build();
        SeriesEvaluator s = series(rule);
        for (int m = 0; m < 40; m++) {
            s.place(stats(minute(m), 50, 50, 50, 1));
            s.advance(minute(m + 1));
        }
        s = roundTrip(rule, s);
        // Minutes 24..39 are within the 16 newest: duplicates; minute 23 and older are late
        assertThat(s.place(stats(minute(39), 50, 50, 50, 1))).isEqualTo(Placement.DUPLICATE);
        assertThat(s.place(stats(minute(24), 50, 50, 50, 1))).isEqualTo(Placement.DUPLICATE);
        assertThat(s.place(stats(minute(23), 50, 50, 50, 1))).isEqualTo(Placement.LATE);
        // A jump far ahead leaves nothing in the window
        s.place(stats(minute(100), 50, 50, 50, 1));
        assertThat(s.place(stats(minute(39), 50, 50, 50, 1))).isEqualTo(Placement.LATE);
        assertThat(s.place(stats(minute(100), 50, 50, 50, 1))).isEqualTo(Placement.DUPLICATE);
    }
}
