package dev.vigil.detector;

import dev.vigil.detector.demo.Recording;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled recording through the pipeline on a MiniCluster: nothing is lost. */
class ParsePipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void everyLineEndsAsARecordOrADeadLetter() throws Exception {
        // Given the bundled recording, batched and partly gzip'd as a relay would deliver it
        Recording recording = Recording.demo();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<byte[]> metrics = env.fromData(recording.metricRecords(25), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DataStream<byte[]> events = env.fromData(recording.eventRecords(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

        // When the pipeline runs
        DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events, DetectorConfig.defaults().forReplay());
        List<MetricDatapoint> datapoints = collect(out.datapoints);
        List<HealthEvent> healthEvents = collect(out.events);
        List<DeadLetter> deadLetters = collect(out.deadLetters);

        // Then counts in = counts out + dead letters, with the three planted faults dead-lettered
        int linesIn = recording.metricLines().size() + recording.eventLines().size();
        assertThat(datapoints.size() + healthEvents.size() + deadLetters.size()).isEqualTo(linesIn);
        assertThat(deadLetters.stream().map(DeadLetter::getReason).collect(Collectors.toList()))
                .containsExactlyInAnyOrder(DeadLetterReason.NON_FINITE, DeadLetterReason.MALFORMED_JSON,
                        DeadLetterReason.MISSING_FIELD);
        assertThat(healthEvents).hasSize(4);
    }

    private static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> all = new ArrayList<>();
        try (CloseableIterator<T> it = stream.executeAndCollect()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
