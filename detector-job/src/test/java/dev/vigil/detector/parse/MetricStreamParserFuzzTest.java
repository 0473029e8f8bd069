package dev.vigil.detector.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.fuzz.Budget;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the JSON metric-stream reader with whole Kinesis records (plain or gzip, one or many lines).
 * Seeds: {@code MetricStreamParserFuzzTestInputs/record/} (AWS's documented Firehose record, the
 * demo's lines, and each crasher found so far, named for what it broke). On any record: nothing is
 * thrown, every non-blank line is a datapoint or a dead letter of its exact bytes (or the record is
 * one), each datapoint is one the detector can use, within {@link Budget}.
 */
class MetricStreamParserFuzzTest {
    /** 2025-11-22T08:30Z, the fixtures' time: the age checks let their lines through. */
    private static final long NOW = 1763800260000L;
    /** Small limits, so that oversized lines and records are within the fuzzer's reach. */
    private static final ParseLimits LIMITS = new ParseLimits(64 * 1024, 4 * 1024, ParseLimits.DEFAULT_MAX_FUTURE_MS,
            ParseLimits.DEFAULT_MAX_AGE_MS);

    private final MetricStreamParser parser = new MetricStreamParser(LIMITS, "metrics");

    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "record", this::record);
    }

    @FuzzTest
    void record(byte[] record) {
        InputUnits.Out<MetricDatapoint> out = Budget.within("MetricStreamParser.parse",
                Budget.bytesFor(LIMITS.maxRecordBytes()), () -> {
                    InputUnits.Out<MetricDatapoint> o = new InputUnits.Out<>();
                    parser.parse(record, NOW, o);
                    return o;
                });
        List<MetricDatapoint> accepted = InputUnits.assertEveryLineAccounted(record, LIMITS, out, MetricDatapoint.class);
        for (MetricDatapoint d : accepted) {
            assertThat(d.getNamespace()).isNotNull();
            assertThat(d.getMetricName()).isNotNull();
            assertThat(d.getMin()).isLessThanOrEqualTo(d.getMax());
            assertThat(d.getCount()).isGreaterThanOrEqualTo(0);
            assertThat(Double.isFinite(d.getSum())).isTrue();
            assertThat(d.getTimestamp()).isBetween(NOW - LIMITS.maxAgeMs(), NOW + LIMITS.maxFutureMs());
        }
    }
}
