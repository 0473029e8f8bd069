package dev.vigil.detector.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MetricStreamParserTest {
    private static final String FIXTURE = "/fixtures/metric-stream/firehose-record-ec2-elb-rds.ndjson";
    /** The fixture's datapoints are from 2025-11-22T08:30Z; "now" is a minute later. */
    private static final long NOW = 1763800200000L + 120_000;

    private final MetricStreamParser parser = new MetricStreamParser(ParseLimits.defaults(), "metrics");

    private static String good(long ts) {
        return "{\"metric_stream_name\":\"s\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\","
                + "\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPUUtilization\",\"dimensions\":{\"InstanceId\":\"i-1\"},"
                + "\"timestamp\":" + ts + ",\"value\":{\"max\":9.0,\"min\":1.0,\"sum\":20.0,\"count\":4.0},\"unit\":\"Percent\"}";
    }

    private Collected<MetricDatapoint> parse(byte[] record) {
        Collected<MetricDatapoint> out = new Collected<>();
        parser.parse(record, NOW, out);
        return out;
    }

    private Collected<MetricDatapoint> parse(String record) {
        return parse(record.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fixtureRecordParsesEveryLine() {
        Collected<MetricDatapoint> out = parse(Collected.resource(FIXTURE));

        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).hasSize(7);
        MetricDatapoint latency = out.accepted.get(2);
        assertThat(latency.getNamespace()).isEqualTo("AWS/ApplicationELB");
        assertThat(latency.getMetricName()).isEqualTo("TargetResponseTime");
        assertThat(latency.getDimensions().keySet()).containsExactly("AvailabilityZone", "LoadBalancer", "TargetGroup");
        assertThat(latency.dimension("TargetGroup")).isEqualTo("targetgroup/web-tg/73e2d6bc24d8a067");
        assertThat(latency.getTimestamp()).isEqualTo(1763800200000L);
        assertThat(latency.statistic("p99")).isEqualTo(2.4);
        assertThat(latency.statistic("SampleCount")).isEqualTo(1530.0);
        assertThat(latency.getAccount()).isEqualTo("111122223333");
        assertThat(latency.getUnit()).isEqualTo("Seconds");
        assertThat(out.accepted.get(6).statistic("TM(10%:90%)")).isEqualTo(2.1);
    }

    @Test
    void parsedFixtureDatapointsValidateAgainstTheirSchema() {
        for (MetricDatapoint d : parse(Collected.resource(FIXTURE)).accepted) {
            assertThat(SchemaValidator.problems("metric-datapoint", d)).as(d.toString()).isEmpty();
        }
    }

    @Test
    void gzipRecordParsesLikeThePlainOne() {
        byte[] plain = Collected.resource(FIXTURE);

        Collected<MetricDatapoint> out = parse(Collected.gzip(plain));

        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).isEqualTo(parse(plain).accepted);
    }

    @Test
    void blankLinesAndCrLfAreNotDeadLetters() {
        Collected<MetricDatapoint> out = parse(good(NOW - 60_000) + "\r\n\r\n   \n" + good(NOW) + "\n");

        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).hasSize(2);
    }

    @Test
    void everyLineOfAHostileRecordIsADatapointOrADeadLetterWithItsExactBytes() {
        // Given one record mixing LF and CRLF, a BOM before a good line, invalid UTF-8, a line of NULs,
        // a lone CR inside a line and a line that itself ends in CR before its CRLF
        byte[] bomGood = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(good(NOW - 60_000)));
        byte[] invalidUtf8 = concat(bytes("{\"namespace\":\""), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                bytes("\"}"));
        byte[] nuls = {0, 0, 0, 0};
        byte[] loneCr = bytes(good(NOW) + "\r" + good(NOW));
        byte[] endsInCr = bytes("not json\r");
        byte[] record = concat(bomGood, bytes("\r\n"), invalidUtf8, bytes("\n"), nuls, bytes("\r\n"), loneCr, bytes("\n"),
                bytes(good(NOW)), bytes("\r\n"), endsInCr, bytes("\r\n"));

        // When it is parsed
        Collected<MetricDatapoint> out = parse(record);

        // Then counts in = datapoints out + dead letters, and each dead letter holds its line byte for byte
        assertThat(out.accepted.size() + out.rejected.size()).isEqualTo(6);
        assertThat(out.accepted).hasSize(2);
        assertThat(out.rejected.stream().map(DeadLetter::getOriginal))
                .containsExactly(invalidUtf8, nuls, loneCr, endsInCr);
        assertThat(out.reasons()).containsOnly(DeadLetterReason.MALFORMED_JSON);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    static Stream<Arguments> badLines() {
        String g = good(NOW - 60_000);
        return Stream.of(
                Arguments.of(DeadLetterReason.MALFORMED_JSON, "{\"namespace\":\"AWS/EC2\","),
                Arguments.of(DeadLetterReason.MALFORMED_JSON, "[1,2,3]"),
                Arguments.of(DeadLetterReason.MALFORMED_JSON, g + " {}"),
                Arguments.of(DeadLetterReason.MISSING_FIELD, g.replace("\"metric_name\":\"CPUUtilization\",", "")),
                Arguments.of(DeadLetterReason.MISSING_FIELD, g.replace("\"namespace\":\"AWS/EC2\",", "")),
                Arguments.of(DeadLetterReason.MISSING_FIELD, g.replace(",\"count\":4.0", "")),
                Arguments.of(DeadLetterReason.MISSING_FIELD, g.replace("\"timestamp\":" + (NOW - 60_000) + ",", "")),
                Arguments.of(DeadLetterReason.MISSING_FIELD, g.replace("\"value\":{\"max\":9.0,\"min\":1.0,\"sum\":20.0,\"count\":4.0},", "")),
                Arguments.of(DeadLetterReason.WRONG_TYPE, g.replace("\"timestamp\":" + (NOW - 60_000), "\"timestamp\":\"2025-11-22T08:30:00Z\"")),
                Arguments.of(DeadLetterReason.WRONG_TYPE, g.replace("\"i-1\"", "42")),
                Arguments.of(DeadLetterReason.WRONG_TYPE, g.replace("\"max\":9.0", "\"max\":\"9.0\"")),
                Arguments.of(DeadLetterReason.WRONG_TYPE, g.replace("\"value\":{\"max\":9.0,\"min\":1.0,\"sum\":20.0,\"count\":4.0}", "\"value\":9.0")),
                Arguments.of(DeadLetterReason.WRONG_TYPE, g.replace("\"namespace\":\"AWS/EC2\"", "\"namespace\":{}")),
                Arguments.of(DeadLetterReason.NON_FINITE, g.replace("\"max\":9.0", "\"max\":NaN")),
                Arguments.of(DeadLetterReason.NON_FINITE, g.replace("\"sum\":20.0", "\"sum\":Infinity")),
                Arguments.of(DeadLetterReason.NEGATIVE_COUNT, g.replace("\"count\":4.0", "\"count\":-1")),
                Arguments.of(DeadLetterReason.INVALID_VALUE, g.replace("\"min\":1.0", "\"min\":10.0")),
                Arguments.of(DeadLetterReason.FUTURE_TIMESTAMP, good(NOW + 60 * 60_000)),
                Arguments.of(DeadLetterReason.EXPIRED_TIMESTAMP, good(NOW - 25 * 60 * 60_000L)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badLines")
    void badLineIsDeadLetteredWithItsReasonAndTheGoodLinesStillPass(DeadLetterReason reason, String bad) {
        // Given a batched record with a good line on each side of a bad one
        String record = good(NOW - 120_000) + "\n" + bad + "\n" + good(NOW - 60_000);

        // When it is parsed
        Collected<MetricDatapoint> out = parse(record);

        // Then the good lines pass, the bad one is dead-lettered with its reason and exact bytes
        assertThat(out.accepted).hasSize(2);
        assertThat(out.reasons()).containsExactly(reason);
        DeadLetter dl = out.rejected.get(0);
        assertThat(new String(dl.getOriginal(), StandardCharsets.UTF_8)).isEqualTo(bad);
        assertThat(dl.getSourceStream()).isEqualTo("metrics");
        assertThat(dl.getIngestTime()).isEqualTo(NOW);
        assertThat(dl.getMessage()).isNotBlank();
        JsonNode json = Json.MAPPER.valueToTree(dl);
        assertThat(SchemaValidator.problems("dead-letter", json)).isEmpty();
    }

    @Test
    void oversizedLineIsDeadLettered() {
        MetricStreamParser small = new MetricStreamParser(new ParseLimits(1 << 20, 300, 0, 0), "metrics");
        String big = good(NOW).replace("\"i-1\"", "\"" + "x".repeat(400) + "\"");
        Collected<MetricDatapoint> out = new Collected<>();

        small.parse((good(NOW) + "\n" + big).getBytes(StandardCharsets.UTF_8), NOW, out);

        assertThat(out.accepted).hasSize(1);
        assertThat(out.reasons()).containsExactly(DeadLetterReason.OVERSIZED);
    }

    @Test
    void oversizedRecordIsOneDeadLetterKeepingAllItsBytes() {
        MetricStreamParser small = new MetricStreamParser(new ParseLimits(500, 300, 0, 0), "metrics");
        byte[] record = (good(NOW) + "\n" + good(NOW) + "\n" + good(NOW)).getBytes(StandardCharsets.UTF_8);
        Collected<MetricDatapoint> out = new Collected<>();

        small.parse(record, NOW, out);

        assertThat(out.accepted).isEmpty();
        assertThat(out.reasons()).containsExactly(DeadLetterReason.OVERSIZED);
        assertThat(out.rejected.get(0).getOriginal()).isEqualTo(record);
    }

    @Test
    void gzipThatInflatesPastTheLimitIsOversized() {
        MetricStreamParser small = new MetricStreamParser(new ParseLimits(10_000, 300, 0, 0), "metrics");
        byte[] bomb = Collected.gzip(new byte[1_000_000]);
        Collected<MetricDatapoint> out = new Collected<>();

        small.parse(bomb, NOW, out);

        assertThat(out.reasons()).containsExactly(DeadLetterReason.OVERSIZED);
        assertThat(out.rejected.get(0).getOriginal()).isEqualTo(bomb);
    }

    @Test
    void corruptGzipIsBadCompression() {
        byte[] gz = Collected.gzip(good(NOW).getBytes(StandardCharsets.UTF_8));
        byte[] corrupt = Arrays.copyOf(gz, gz.length / 2);

        Collected<MetricDatapoint> out = parse(corrupt);

        assertThat(out.accepted).isEmpty();
        assertThat(out.reasons()).containsExactly(DeadLetterReason.BAD_COMPRESSION);
    }

    @Test
    void timeChecksCanBeSwitchedOffForReplays() {
        MetricStreamParser replay = new MetricStreamParser(ParseLimits.defaults().withoutTimeChecks(), "metrics");
        Collected<MetricDatapoint> out = new Collected<>();

        replay.parse(good(1_000L).getBytes(StandardCharsets.UTF_8), NOW, out);

        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).hasSize(1);
    }

    @Test
    void countsInEqualCountsOutPlusDeadLetters() {
        // Given every bad line kind interleaved with good lines
        StringBuilder record = new StringBuilder();
        long bad = badLines().count();
        badLines().forEach(a -> record.append(a.get()[1]).append('\n').append(good(NOW - 1000)).append('\n'));

        // When parsed
        Collected<MetricDatapoint> out = parse(record.toString());

        // Then nothing is lost
        assertThat(out.accepted.size() + out.rejected.size()).isEqualTo(2 * bad);
        assertThat(out.rejected).hasSize((int) bad);
    }
}
