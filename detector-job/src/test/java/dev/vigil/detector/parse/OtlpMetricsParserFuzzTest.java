package dev.vigil.detector.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import dev.vigil.detector.otel.GeneratedOtlpParser;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.fuzz.Budget;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the OpenTelemetry reader (1.0 and 0.7 records, plain or gzip) with whole Kinesis records.
 * Seeds: {@code OtlpMetricsParserFuzzTestInputs/record/}, written by {@link OtlpFuzzSeeds} from AWS's
 * documented examples, and the crashers found so far. On any record: nothing is thrown; a record that
 * does not inflate or is too large is one dead letter of its bytes; otherwise the record reads as its
 * messages read one by one (framed here, apart from the reader), a message that does not decode is
 * one dead letter of exactly its prefix and bytes, a datapoint's dead letter holds bytes of its
 * message, a prefix that cannot frame ends the record with a dead letter of the rest; where the
 * official generated classes read a message cleanly too, both give the same datapoints; all within
 * {@link Budget}.
 */
class OtlpMetricsParserFuzzTest {
    private static final ParseLimits LIMITS = new ParseLimits(64 * 1024, 4 * 1024, 0, 0);

    private final OtlpMetricsParser parser = new OtlpMetricsParser(LIMITS, "metrics");

    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "record", this::record);
    }

    @FuzzTest
    void record(byte[] record) {
        InputUnits.Out<MetricDatapoint> out = read(record);
        byte[] content = InputUnits.content(record, LIMITS);
        if (content == null) {
            assertThat(out.all).hasSize(1);
            assertThat(((DeadLetter) out.all.get(0)).getOriginal()).isEqualTo(record);
            return;
        }
        List<Object> expected = new ArrayList<>();
        int pos = 0;
        while (pos < content.length) {
            long[] prefix = varint32(content, pos);
            if (prefix == null || prefix[0] > content.length - prefix[1]) {
                DeadLetter rest = (DeadLetter) out.all.get(out.all.size() - 1);
                assertThat(rest.getReason()).isEqualTo(DeadLetterReason.MALFORMED_PROTOBUF);
                assertThat(rest.getOriginal()).isEqualTo(Arrays.copyOfRange(content, pos, content.length));
                expected.add(rest);
                break;
            }
            int end = (int) (prefix[1] + prefix[0]);
            byte[] frame = Arrays.copyOfRange(content, pos, end);
            if (pos > 0 && frame.length >= 2 && frame[0] == 0x1f && (frame[1] & 0xff) == 0x8b) {
                // Read alone, a frame opening with gzip's magic bytes would be taken for gzip; inside the
                // record it is a message whose first byte (0x8b) is a group's tag: undecodable.
                DeadLetter d = (DeadLetter) out.all.get(expected.size());
                assertThat(d.getReason()).isEqualTo(DeadLetterReason.MALFORMED_PROTOBUF);
                assertThat(d.getOriginal()).isEqualTo(frame);
                expected.add(d);
                pos = end;
                continue;
            }
            List<Object> alone = read(frame).all;
            assertFrame(frame, alone, (int) (prefix[1] - pos));
            expected.addAll(alone);
            pos = end;
        }
        assertThat(summary(out.all)).as("the record reads as its messages one by one").isEqualTo(summary(expected));
    }

    private InputUnits.Out<MetricDatapoint> read(byte[] record) {
        long inflated = Math.max(record.length, LIMITS.maxRecordBytes());
        return Budget.within("OtlpMetricsParser.parse", Budget.bytesFor(inflated), () -> {
            InputUnits.Out<MetricDatapoint> out = new InputUnits.Out<>();
            parser.parse(record, 0, out);
            return out;
        });
    }

    private static void assertFrame(byte[] frame, List<Object> outputs, int prefixBytes) {
        boolean clean = true;
        for (Object o : outputs) {
            if (!(o instanceof DeadLetter)) {
                continue;
            }
            clean = false;
            DeadLetter d = (DeadLetter) o;
            assertThat(d.getMessage()).isNotEmpty();
            if (d.getReason() == DeadLetterReason.MALFORMED_PROTOBUF) {
                assertThat(outputs).as("an undecodable message is one dead letter and nothing else").hasSize(1);
                assertThat(d.getOriginal()).isEqualTo(frame);
            } else {
                assertThat(indexOf(frame, d.getOriginal(), prefixBytes)).as("a datapoint's dead letter holds bytes of its message")
                        .isGreaterThanOrEqualTo(prefixBytes);
            }
        }
        if (clean) {
            InputUnits.Out<MetricDatapoint> generated = new InputUnits.Out<>();
            new GeneratedOtlpParser().parse(frame, 0, generated);
            if (generated.all.stream().noneMatch(o -> o instanceof DeadLetter)) {
                assertThat(outputs).as("the official classes read the same datapoints").isEqualTo(generated.all);
            }
        }
    }

    /** What must match between a record read whole and message by message: the message numbers differ. */
    private static List<Object> summary(List<Object> outputs) {
        List<Object> out = new ArrayList<>();
        for (Object o : outputs) {
            out.add(o instanceof DeadLetter
                    ? ((DeadLetter) o).getReason() + ":" + Arrays.toString(((DeadLetter) o).getOriginal()) : o);
        }
        return out;
    }

    /** {length, first byte after the prefix}, or null when the UnsignedVarInt32 is cut short or too long. */
    private static long[] varint32(byte[] b, int pos) {
        long v = 0;
        for (int i = 0; i < 5 && pos + i < b.length; i++) {
            v |= (long) (b[pos + i] & 0x7f) << (7 * i);
            if ((b[pos + i] & 0x80) == 0) {
                return v > 0xffff_ffffL ? null : new long[] {v, pos + i + 1};
            }
        }
        return null;
    }

    /** Where {@code needle} first occurs in {@code hay} from {@code from} on (an empty datapoint is empty bytes), or -1. */
    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
