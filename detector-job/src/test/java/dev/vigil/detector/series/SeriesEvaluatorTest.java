package dev.vigil.detector.series;

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
import java.util.stream.Collectors;

import static dev.vigil.detector.series.TestRules.cpu;
import static dev.vigil.detector.series.TestRules.cpuPoint;
import static dev.vigil.detector.series.TestRules.minute;
import static org.assertj.core.api.Assertions.assertThat;

class SeriesEvaluatorTest {

    private static SeriesEvaluator series(Rule rule) {
        return new SeriesEvaluator(rule, ThresholdDetector.forRule(rule));
    }

    private static List<AlarmState> states(List<Evaluation> evals) {
        return evals.stream().map(Evaluation::state).collect(Collectors.toList());
    }

    /** Feeds one value per minute from minute {@code from} ("-" = no datapoint) and advances past each. */
    private static List<Evaluation> run(SeriesEvaluator s, int from, String... values) {
        List<Evaluation> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (!values[i].equals("-")) {
                assertThat(s.accept(cpuPoint(minute(from + i) + 5_000, Double.parseDouble(values[i])))).isTrue();
            }
            out.addAll(s.advance(minute(from + i + 1)));
        }
        return out;
    }

    @Test
    void severalDatapointsOfAPeriodAreCombinedOutOfOrder() {
        // Given a 1-of-1 average rule
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).build());
        // When minute 1 and minute 0 datapoints arrive interleaved, before the watermark passes either
        s.accept(cpuPoint(minute(1) + 10_000, 50));
        s.accept(cpuPoint(minute(0) + 50_000, 100));
        s.accept(cpuPoint(minute(0) + 10_000, 90));
        s.accept(cpuPoint(minute(1) + 40_000, 60));
        List<Evaluation> evals = s.advance(minute(2));
        // Then both periods are evaluated in order with their combined average
        assertThat(evals).extracting(Evaluation::periodStartMs).containsExactly(minute(0), minute(1));
        assertThat(evals).extracting(Evaluation::value).containsExactly(95.0, 55.0);
        assertThat(states(evals)).containsExactly(AlarmState.ALARM, AlarmState.OK);
        assertThat(evals.get(0).periodSeconds()).isEqualTo(60);
        assertThat(evals.get(0).verdict().threshold()).isEqualTo(90.0);
    }

    @Test
    void datapointForAnEvaluatedPeriodIsLate() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).build());
        s.accept(cpuPoint(minute(0), 10));
        assertThat(s.advance(minute(1))).hasSize(1);

        assertThat(s.accept(cpuPoint(minute(0) + 59_999, 99))).isFalse();
        assertThat(s.accept(cpuPoint(minute(1), 99))).isTrue();
    }

    @Test
    void periodIsEvaluatedOnlyOnceTheWatermarkReachesItsEnd() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).build());
        s.accept(cpuPoint(minute(0) + 1_000, 99));

        assertThat(s.advance(minute(1) - 1)).isEmpty();
        assertThat(s.advance(minute(1))).hasSize(1);
        assertThat(s.advance(minute(1))).isEmpty();
    }

    @Test
    void nothingIsEvaluatedBeforeTheFirstDatapoint() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.BREACHING).build());

        assertThat(s.advance(minute(10))).isEmpty();
        s.accept(cpuPoint(minute(12), 10));
        assertThat(s.advance(minute(13))).extracting(Evaluation::periodStartMs).containsExactly(minute(12));
    }

    @Test
    void silentSeriesIsEvaluatedOnTimeWithoutData() {
        // Given a 2-of-2 rule treating missing data as breaching that had one good minute
        SeriesEvaluator s = series(cpu(2, 2, TreatMissingData.BREACHING).build());
        s.accept(cpuPoint(minute(0), 10));
        // When the watermark moves 5 minutes with no data at all
        List<Evaluation> evals = s.advance(minute(5));
        // Then each empty minute is evaluated as NO_DATA, and, as in CloudWatch, the alarm fires once the
        // good point has left the evaluation range (N + 2 = 4 periods)
        assertThat(evals).extracting(e -> e.verdict().outcome()).containsExactly(Verdict.Outcome.NOT_BREACHING,
                Verdict.Outcome.NO_DATA, Verdict.Outcome.NO_DATA, Verdict.Outcome.NO_DATA, Verdict.Outcome.NO_DATA);
        assertThat(evals.get(1).value()).isNaN();
        assertThat(states(evals)).containsExactly(AlarmState.OK, AlarmState.OK, AlarmState.OK, AlarmState.OK,
                AlarmState.ALARM);
    }

    @Test
    void treatMissingAsMissingGoesToInsufficientDataWhenTheRangeEmpties() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).build());
        // range = N + 2 = 3: two empty minutes still see the good point, the third does not
        List<Evaluation> evals = run(s, 0, "10", "-", "-", "-");
        assertThat(states(evals)).containsExactly(AlarmState.OK, AlarmState.OK, AlarmState.OK,
                AlarmState.INSUFFICIENT_DATA);
    }

    @Test
    void treatMissingAsIgnoreRetainsTheAlarm() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.IGNORE).build());
        List<Evaluation> evals = run(s, 0, "99", "-", "-", "-", "-");
        assertThat(states(evals)).containsOnly(AlarmState.ALARM);
        assertThat(evals.get(4).retained()).isTrue();
        assertThat(evals.get(0).retained()).isFalse();
    }

    @Test
    void treatMissingAsNotBreachingRecoversThroughSilence() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.NOT_BREACHING).build());
        List<Evaluation> evals = run(s, 0, "99", "-", "-", "-", "-");
        assertThat(states(evals)).containsExactly(AlarmState.ALARM, AlarmState.ALARM, AlarmState.ALARM,
                AlarmState.OK, AlarmState.OK);
        // Missing periods count as good evaluations here, so H = 2 is already met when the state leaves ALARM
        assertThat(evals).extracting(Evaluation::consecutiveGood).containsExactly(0, 1, 2, 3, 4);
        assertThat(evals).extracting(Evaluation::firing).containsExactly(true, true, true, false, false);
    }

    @Test
    void treatMissingAsBreachingAlarmsOnSilence() {
        SeriesEvaluator s = series(cpu(2, 3, TreatMissingData.BREACHING).build());
        // A new series has no history to fill: its first good point alone cannot settle 2 of 3
        List<Evaluation> evals = run(s, 0, "10", "10", "10", "-", "-");
        assertThat(states(evals)).containsExactly(AlarmState.INSUFFICIENT_DATA, AlarmState.OK, AlarmState.OK,
                AlarmState.OK, AlarmState.OK);
        // Silence alarms once only one real (good) point is left in the 5-period range: 0 + 2 filled breaches
        evals = run(s, 5, "-", "-", "-", "-");
        assertThat(states(evals)).containsExactly(AlarmState.OK, AlarmState.ALARM, AlarmState.ALARM,
                AlarmState.ALARM);
    }

    @Test
    void mOfNCountsBreachesThatAreNotConsecutive() {
        SeriesEvaluator s = series(cpu(3, 5, TreatMissingData.MISSING).build());
        List<Evaluation> evals = run(s, 0, "95", "10", "95", "10", "95", "10", "10");
        // (the lone first breach of a new series cannot decide 3 of 5 yet: INSUFFICIENT_DATA)
        assertThat(states(evals)).containsExactly(AlarmState.INSUFFICIENT_DATA, AlarmState.OK, AlarmState.OK,
                AlarmState.OK, AlarmState.ALARM, AlarmState.OK, AlarmState.OK);
    }

    @Test
    void recoveryNeedsHConsecutiveValuesPastTheRecoveryThreshold() {
        // Given CPU > 90 with recovery at 75 and H = 2
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).build());
        // When it breaches, then hovers between 75 and 90, then drops below 75 twice
        List<Evaluation> evals = run(s, 0, "95", "80", "85", "70", "80", "70", "70");
        // Then the alarm state follows the threshold, but the impairment keeps firing until two healthy values in a row
        assertThat(states(evals)).containsExactly(AlarmState.ALARM, AlarmState.OK, AlarmState.OK, AlarmState.OK,
                AlarmState.OK, AlarmState.OK, AlarmState.OK);
        assertThat(evals).extracting(Evaluation::consecutiveGood).containsExactly(0, 0, 0, 1, 0, 1, 2);
        assertThat(evals).extracting(Evaluation::firing).containsExactly(true, true, true, true, true, true, false);
        assertThat(evals.get(1).verdict().outcome()).isEqualTo(Verdict.Outcome.NOT_BREACHING);
        assertThat(evals.get(1).verdict().healthy()).isFalse();
    }

    @Test
    void keepFiringHoldsTheSignalAfterRecovery() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).healthyThreshold(1).keepFiringSeconds(180).build());
        List<Evaluation> evals = run(s, 0, "95", "10", "10", "10", "10");
        // healthy from minute 1 (H = 1), but firing until 180 s after the end of the last ALARM period
        assertThat(evals).extracting(Evaluation::firing).containsExactly(true, true, true, false, false);
    }

    @Test
    void longSilenceEvaluatesACappedNumberOfEmptyPeriods() {
        // Given a 1-of-1 rule (range 3, H 2): state settles after 3 + 2 + 0 + 1 = 6 empty periods
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).build());
        run(s, 0, "10");
        // When the watermark jumps a day ahead
        List<Evaluation> evals = s.advance(minute(1 + 1440));
        // Then only the capped number of empty periods is evaluated, and the series is ready for fresh data
        assertThat(evals).hasSize(6);
        assertThat(evals.get(5).state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(s.advance(minute(1441) + 30_000)).isEmpty();
        assertThat(s.accept(cpuPoint(minute(1441), 99))).isTrue();
        assertThat(s.advance(minute(1442))).extracting(Evaluation::periodStartMs).containsExactly(minute(1441));
    }

    @Test
    void afterLongSilenceEvaluationResumesAtTheNextPeriodWithData() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).build());
        run(s, 0, "10");
        s.accept(cpuPoint(minute(100), 99));
        List<Evaluation> evals = s.advance(minute(101));
        assertThat(evals).hasSize(7);
        assertThat(evals.get(6).periodStartMs()).isEqualTo(minute(100));
        assertThat(evals.get(6).state()).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void ratioSeriesTreatsAnAbsentNumeratorAsZero() {
        Rule rule = RuleSet.loadDefault().get("alb-target-5xx-ratio");
        SeriesEvaluator s = series(rule);
        MetricDatapoint requests = MetricDatapoint.builder().namespace("AWS/ApplicationELB").metricName("RequestCount")
                .dimension("LoadBalancer", "lb").dimension("TargetGroup", "tg").timestamp(minute(0))
                .statistic("sum", 200).statistic("count", 1).build();
        MetricDatapoint errors = MetricDatapoint.builder().namespace("AWS/ApplicationELB")
                .metricName("HTTPCode_Target_5XX_Count").dimension("LoadBalancer", "lb").dimension("TargetGroup", "tg")
                .timestamp(minute(1)).statistic("sum", 30).statistic("count", 1).build();
        MetricDatapoint requests2 = MetricDatapoint.builder().namespace("AWS/ApplicationELB").metricName("RequestCount")
                .dimension("LoadBalancer", "lb").dimension("TargetGroup", "tg").timestamp(minute(1))
                .statistic("sum", 100).statistic("count", 1).build();

        s.accept(requests);
        s.accept(errors);
        s.accept(requests2);
        List<Evaluation> evals = s.advance(minute(2));

        assertThat(evals).extracting(Evaluation::value).containsExactly(0.0, 0.3);
        assertThat(evals).extracting(e -> e.verdict().outcome())
                .containsExactly(Verdict.Outcome.NOT_BREACHING, Verdict.Outcome.BREACHING);
    }

    @Test
    void stateRoundTripsAndStaysSmall() throws IOException {
        // Given a series mid-flight: an alarm, a recovery run, and two open periods
        Rule rule = cpu(2, 3, TreatMissingData.MISSING).keepFiringSeconds(60).build();
        SeriesEvaluator s = series(rule);
        run(s, 0, "95", "96", "10");
        s.accept(cpuPoint(minute(3) + 1_000, 97));
        s.accept(cpuPoint(minute(4) + 1_000, 98));
        // When it is written and read back
        byte[] bytes = write(s);
        SeriesEvaluator copy = SeriesEvaluator.readFrom(rule, ThresholdDetector.forRule(rule),
                new DataInputStream(new ByteArrayInputStream(bytes)));
        // Then it is small and behaves identically from there on
        // (50 fixed, two open periods of 29, the five minutes seen: 2 + 5 * 2)
        assertThat(bytes.length).isLessThan(200).isEqualTo(50 + 2 * 29 + 12);
        assertThat(write(copy)).isEqualTo(bytes);
        assertThat(copy.state()).isEqualTo(s.state());
        assertThat(copy.isFiring()).isEqualTo(s.isFiring());
        assertThat(copy.accept(cpuPoint(minute(2), 1))).isFalse();
        assertThat(copy.advance(minute(6))).isEqualTo(s.advance(minute(6)));
    }

    @Test
    void idleOnlyWithoutOpenPeriodsAndAfterRetention() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).build());
        assertThat(s.isIdle(minute(0), 60_000)).isTrue();
        s.accept(cpuPoint(minute(0), 10));
        assertThat(s.isIdle(minute(10), 60_000)).isFalse(); // open period not yet evaluated
        s.advance(minute(1));
        assertThat(s.isIdle(minute(1), 3_600_000)).isFalse();
        assertThat(s.isIdle(minute(61), 3_600_000)).isTrue();
    }

    private static byte[] write(SeriesEvaluator s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }

    @Test
    void aPeriodIsKnownCompleteOnlyWhenEachOfItsMinutesArrived() {
        // Given a three-minute period rule, evaluated once by the watermark (periods align to the
        // epoch; minute(1) starts one)
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).periodSeconds(180).build());
        s.accept(cpuPoint(minute(1), 50));
        assertThat(s.completeThrough()).isEqualTo(Long.MIN_VALUE); // first period: the watermark decides
        assertThat(s.advance(minute(4))).hasSize(1);
        long held = minute(7) - 1; // the next period's end, exclusive

        // When its minutes arrive out of order, then the last missing one
        s.accept(cpuPoint(minute(6), 50));
        s.accept(cpuPoint(minute(4), 50));
        assertThat(s.completeThrough()).isEqualTo(held);
        s.accept(cpuPoint(minute(5), 50));

        // Then it is complete through the period after it
        assertThat(s.completeThrough()).isEqualTo(minute(10) - 1);
        assertThat(s.advance(minute(7))).hasSize(1);
        assertThat(s.completeThrough()).isEqualTo(minute(10) - 1);
    }

    @Test
    void aDuplicateMinuteDoesNotCompleteAPeriod() {
        SeriesEvaluator s = series(cpu(1, 1, TreatMissingData.MISSING).periodSeconds(120).build());
        s.accept(cpuPoint(minute(0), 50));
        s.advance(minute(2));
        s.accept(cpuPoint(minute(2), 50));
        s.accept(cpuPoint(minute(2) + 30_000, 50));
        assertThat(s.completeThrough()).isEqualTo(minute(4) - 1);
        s.accept(cpuPoint(minute(3), 50));
        assertThat(s.completeThrough()).isEqualTo(minute(6) - 1);
    }
}
