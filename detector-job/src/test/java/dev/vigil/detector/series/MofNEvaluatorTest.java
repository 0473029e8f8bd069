package dev.vigil.detector.series;

import dev.vigil.detector.rules.TreatMissingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tables of AWS "Configuring how CloudWatch alarms treat missing data" / "How alarm state is
 * evaluated when data is missing" (CloudWatch User Guide, 5 data points retrieved, oldest first;
 * 0 = not breaching, X = breaching, - = missing). "R" = retain current state.
 */
class MofNEvaluatorTest {

    static Stream<Arguments> documentedRows() {
        return Stream.of(
                // Datapoints to Alarm 3, Evaluation Periods 3
                row(3, 3, "0 - X - X", "OK", "OK", "OK", "OK"),
                row(3, 3, "0 - - - -", "OK", "OK", "OK", "OK"),
                row(3, 3, "- - - - -", "INSUFFICIENT_DATA", "R", "ALARM", "OK"),
                row(3, 3, "0 X X - X", "ALARM", "ALARM", "ALARM", "ALARM"),
                row(3, 3, "- - - - X", "INSUFFICIENT_DATA", "R", "ALARM", "OK"),
                row(3, 3, "X - - - -", "ALARM", "R", "ALARM", "OK"),
                // Datapoints to Alarm 2, Evaluation Periods 3
                row(2, 3, "0 - X - X", "ALARM", "ALARM", "ALARM", "ALARM"),
                row(2, 3, "0 0 X 0 X", "ALARM", "ALARM", "ALARM", "ALARM"),
                row(2, 3, "0 - X - -", "OK", "OK", "ALARM", "OK"),
                row(2, 3, "- - - - 0", "OK", "OK", "ALARM", "OK"),
                row(2, 3, "- - - - X", "INSUFFICIENT_DATA", "R", "ALARM", "OK"));
    }

    private static Arguments row(int m, int n, String points, String missing, String ignore, String breaching,
                                 String notBreaching) {
        return Arguments.of(m, n, points, missing, ignore, breaching, notBreaching);
    }

    @ParameterizedTest(name = "{0} of {1}: [{2}] -> missing={3} ignore={4} breaching={5} notBreaching={6}")
    @MethodSource("documentedRows")
    void reproducesDocumentedTable(int m, int n, String points, String missing, String ignore, String breaching,
                                   String notBreaching) {
        check(m, n, points, TreatMissingData.MISSING, missing);
        check(m, n, points, TreatMissingData.IGNORE, ignore);
        check(m, n, points, TreatMissingData.BREACHING, breaching);
        check(m, n, points, TreatMissingData.NOT_BREACHING, notBreaching);
    }

    /** Given the first four points as history and each possible prior state, when the fifth is recorded, then the documented state results. */
    private static void check(int m, int n, String points, TreatMissingData treat, String expected) {
        String[] p = points.split(" ");
        long present = 0;
        long breaching = 0;
        for (int i = 0; i < 4; i++) {
            present <<= 1;
            breaching <<= 1;
            if (!p[i].equals("-")) {
                present |= 1;
                breaching |= p[i].equals("X") ? 1 : 0;
            }
        }
        for (AlarmState prior : AlarmState.values()) {
            MofNEvaluator e = new MofNEvaluator(m, n, treat);
            e.restore(present, breaching, prior);
            AlarmState got = e.record(outcome(p[4]));
            String label = m + "/" + n + " [" + points + "] " + treat + " from " + prior;
            if (expected.equals("R")) {
                assertThat(got).as(label).isEqualTo(prior);
                assertThat(e.lastRetained()).as(label + " retained").isTrue();
            } else {
                assertThat(got).as(label).isEqualTo(AlarmState.valueOf(expected));
                assertThat(e.lastRetained()).as(label + " retained").isFalse();
            }
        }
    }

    private static Verdict.Outcome outcome(String p) {
        return p.equals("-") ? Verdict.Outcome.NO_DATA
                : p.equals("X") ? Verdict.Outcome.BREACHING : Verdict.Outcome.NOT_BREACHING;
    }

    /** Not documented by AWS: where our reading of "oldest evaluated point is breaching" puts the boundary. */
    @Test
    void missingAlarmsOnLoneBreachesOnlyOnceTheOldestIsNPeriodsOld() {
        MofNEvaluator atBoundary = new MofNEvaluator(3, 3, TreatMissingData.MISSING);
        atBoundary.restore(0b00010, 0b00010, AlarmState.OK); // history - - - X -
        assertThat(atBoundary.record(Verdict.Outcome.NO_DATA)).isEqualTo(AlarmState.ALARM); // - - X - -

        MofNEvaluator tooRecent = new MofNEvaluator(3, 3, TreatMissingData.MISSING);
        tooRecent.restore(0b00001, 0b00001, AlarmState.OK); // history - - - - X
        assertThat(tooRecent.record(Verdict.Outcome.NO_DATA)).isEqualTo(AlarmState.INSUFFICIENT_DATA); // - - - X -
    }

    @Test
    void newSeriesDoesNotFillHistoryItNeverHad() {
        // Given a fresh 2-of-3 alarm treating missing data as breaching
        MofNEvaluator e = new MofNEvaluator(2, 3, TreatMissingData.BREACHING);
        // When the first two points are good, then data stops
        assertThat(feed(e, "0")).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(feed(e, "0")).isEqualTo(AlarmState.OK);
        // Then missing points seen since the start are filled as breaching, as few as needed: the
        // alarm fires when only one good point is left in the 5-period range
        assertThat(feed(e, "---")).isEqualTo(AlarmState.OK);
        assertThat(feed(e, "-")).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void newSeriesWithNotBreachingSettlesAsSoonAsAlarmIsImpossible() {
        MofNEvaluator e = new MofNEvaluator(2, 3, TreatMissingData.NOT_BREACHING);
        assertThat(feed(e, "X")).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(feed(e, "X")).isEqualTo(AlarmState.ALARM);
        MofNEvaluator f = new MofNEvaluator(2, 3, TreatMissingData.NOT_BREACHING);
        assertThat(feed(f, "0")).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(feed(f, "0")).isEqualTo(AlarmState.OK);
    }

    @Test
    void evaluationRangeIsNPlusTwoCappedAt64() {
        assertThat(MofNEvaluator.evaluationRange(3)).isEqualTo(5);
        assertThat(MofNEvaluator.evaluationRange(62)).isEqualTo(64);
        assertThat(MofNEvaluator.evaluationRange(64)).isEqualTo(64);
    }

    @Test
    void breachingPointsNeedNotBeConsecutive() {
        // Given a 3 of 5 alarm
        MofNEvaluator e = new MofNEvaluator(3, 5, TreatMissingData.MISSING);
        // When breaches alternate with good points
        assertThat(feed(e, "X0X0")).isEqualTo(AlarmState.OK);
        // Then the third breach within the last 5 points alarms
        assertThat(feed(e, "X")).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void okOnceFewerThanMOfTheLastNBreach() {
        MofNEvaluator e = new MofNEvaluator(3, 5, TreatMissingData.MISSING);
        feed(e, "X0X0X");
        assertThat(e.state()).isEqualTo(AlarmState.ALARM);
        // last five = 0X0X0 -> 2 breaches
        assertThat(feed(e, "0")).isEqualTo(AlarmState.OK);
    }

    @Test
    void startsInInsufficientDataAndIgnoreRetainsIt() {
        MofNEvaluator e = new MofNEvaluator(1, 1, TreatMissingData.IGNORE);
        assertThat(e.state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(feed(e, "-")).isEqualTo(AlarmState.INSUFFICIENT_DATA);
        assertThat(e.lastRetained()).isTrue();
        assertThat(feed(e, "X")).isEqualTo(AlarmState.ALARM);
        assertThat(feed(e, "---------")).isEqualTo(AlarmState.ALARM);
        assertThat(e.lastRetained()).isTrue();
    }

    @Test
    void fullRangeOf64PeriodsKeepsOldestBit() {
        MofNEvaluator e = new MofNEvaluator(64, 64, TreatMissingData.MISSING);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            sb.append('X');
        }
        assertThat(feed(e, sb.substring(1))).isNotEqualTo(AlarmState.ALARM);
        assertThat(feed(e, "X")).isEqualTo(AlarmState.ALARM);
        assertThat(feed(e, "0")).isEqualTo(AlarmState.OK);
    }

    @Test
    void stateRoundTripsThrough18Bytes() throws IOException {
        MofNEvaluator e = new MofNEvaluator(2, 3, TreatMissingData.IGNORE);
        feed(e, "0X-X-");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        e.writeTo(new DataOutputStream(bytes));
        assertThat(bytes.size()).isEqualTo(18);

        MofNEvaluator copy = new MofNEvaluator(2, 3, TreatMissingData.IGNORE);
        copy.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(copy.toString()).isEqualTo(e.toString());
        assertThat(copy.lastRetained()).isEqualTo(e.lastRetained());
        assertThat(feed(copy, "0")).isEqualTo(feed(e, "0"));
    }

    @ParameterizedTest
    @EnumSource(TreatMissingData.class)
    void rejectsInvalidMofN(TreatMissingData treat) {
        assertThatThrownBy(() -> new MofNEvaluator(0, 3, treat)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MofNEvaluator(4, 3, treat)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MofNEvaluator(1, 65, treat)).isInstanceOf(IllegalArgumentException.class);
    }

    private static AlarmState feed(MofNEvaluator e, String points) {
        for (char c : points.toCharArray()) {
            e.record(outcome(String.valueOf(c)));
        }
        return e.state();
    }
}
