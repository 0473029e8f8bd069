package dev.vigil.detector.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.fuzz.Budget;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the EventBridge event reader with whole Kinesis records. Seeds:
 * {@code EventParserFuzzTestInputs/record/} (AWS's documented events of each source Vigil reads, the
 * demo's events, the crashers found so far). On any record: nothing is thrown, every non-blank line
 * is an event or a dead letter of its exact bytes (or the record is one), within {@link Budget}.
 */
class EventParserFuzzTest {
    /** 2025-11-22T08:31Z: the fixtures' events pass the age checks. */
    private static final long NOW = 1763800260000L;
    private static final ParseLimits LIMITS = new ParseLimits(64 * 1024, 8 * 1024, ParseLimits.DEFAULT_MAX_FUTURE_MS,
            400L * 24 * 3600 * 1000);

    private final EventParser parser = new EventParser(LIMITS, "events");

    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "record", this::record);
    }

    @FuzzTest
    void record(byte[] record) {
        InputUnits.Out<HealthEvent> out = Budget.within("EventParser.parse", Budget.bytesFor(LIMITS.maxRecordBytes()), () -> {
            InputUnits.Out<HealthEvent> o = new InputUnits.Out<>();
            parser.parse(record, NOW, o);
            return o;
        });
        List<HealthEvent> events = InputUnits.assertEveryLineAccounted(record, LIMITS, out, HealthEvent.class);
        for (HealthEvent e : events) {
            assertThat(e.getId()).isNotNull();
            assertThat(e.getSource()).isNotNull();
            assertThat(e.getKind()).isNotNull();
            assertThat(e.getTime()).isBetween(NOW - LIMITS.maxAgeMs(), NOW + LIMITS.maxFutureMs());
            assertThat(e.getAffectedResources()).doesNotContainNull();
        }
    }
}
