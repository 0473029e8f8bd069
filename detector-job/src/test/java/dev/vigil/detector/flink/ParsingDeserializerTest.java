package dev.vigil.detector.flink;

import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing in the Kinesis source loses nothing: every line is a datapoint or a dead letter of its bytes. */
class ParsingDeserializerTest {
    private static final String GOOD = "{\"metric_stream_name\":\"vigil\",\"account_id\":\"123456789012\","
            + "\"region\":\"us-east-1\",\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPUUtilization\","
            + "\"dimensions\":{\"InstanceId\":\"i-1\"},\"timestamp\":%d,\"value\":{\"max\":1.0,\"min\":1.0,"
            + "\"sum\":1.0,\"count\":1},\"unit\":\"Percent\"}";

    @Test
    void aRecordBecomesItsDatapointsAndTheDeadLettersOfItsBadLinesInOrder() throws Exception {
        // Given a record of a good line, a broken one and a datapoint far in the future
        ParsingDeserializer<MetricDatapoint> d = ParsingDeserializer.metrics(ParseLimits.defaults(), MetricFormat.JSON);
        d.open(new Context());
        long now = System.currentTimeMillis();
        String broken = "{\"namespace\": \u00ff";
        String future = String.format(GOOD, now + 3_600_000L);
        byte[] record = (String.format(GOOD, now - 60_000) + "\n" + broken + "\n" + future + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        // When the source reads it
        List<Either<MetricDatapoint, DeadLetter>> out = new ArrayList<>();
        d.deserialize(record, new Collector<>() {
            @Override
            public void collect(Either<MetricDatapoint, DeadLetter> unit) {
                out.add(unit);
            }

            @Override
            public void close() {
            }
        });

        // Then one datapoint and two dead letters holding exactly their lines' bytes
        assertThat(out).hasSize(3);
        assertThat(out.get(0).isLeft()).isTrue();
        assertThat(out.get(0).left().getTimestamp()).isEqualTo(now - 60_000);
        assertThat(out.get(1).right().getReason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(out.get(1).right().getOriginal()).isEqualTo(broken.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(out.get(2).right().getReason()).isEqualTo(DeadLetterReason.FUTURE_TIMESTAMP);
        assertThat(out.get(2).right().getOriginal()).isEqualTo(future.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(d.getProducedType().createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl())
                .copy(out.get(1)).right().getOriginal()).isEqualTo(broken.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final class Context implements DeserializationSchema.InitializationContext {
        @Override
        public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            throw new UnsupportedOperationException();
        }
    }
}
