package dev.vigil.detector.topology;

import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.flink.EnrichTopologyFunction;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.vigil.detector.topology.RecordHintsTest.impairment;
import static dev.vigil.detector.topology.RecordHintsTest.metric;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link EnrichTopologyFunction} in a real job: an AWS that never answers does not stop the stream. */
class EnrichTopologyITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @Test
    void impairmentsFlowInOrderMarkedIncompleteWhenTheApiNeverAnswers() throws Exception {
        // Given one impairment's three lifecycle records and an API that never answers
        Impairment open = impairment("i-1", "EC2_INSTANCE", metric(Map.of("InstanceId", "i-1", "AvailabilityZone", "eu-west-1a")));
        List<Impairment> in = List.of(open, open.toBuilder().revision(1).state(LifecycleState.UPDATE).build(),
                open.toBuilder().revision(2).state(LifecycleState.RESOLVED).build());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs
        env.setParallelism(1);
        DataStream<Impairment> source = env.fromData(in, ImpairmentTypeInfoFactory.TYPE_INFO);

        // When the enrichment runs with a 300 ms timeout, as the pipeline runs it (ordered)
        TopologySettings settings = TopologySettings.none().withApi(StallingTopologyApi.factory()).withTimeoutMs(300);
        SingleOutputStreamOperator<Impairment> enriched = AsyncDataStream.orderedWait(source,
                new EnrichTopologyFunction(settings), settings.timeoutMs(), TimeUnit.MILLISECONDS, settings.capacity())
                .returns(ImpairmentTypeInfoFactory.TYPE_INFO);
        List<Impairment> out = new ArrayList<>();
        try (CloseableIterator<Impairment> it = enriched.executeAndCollect("enrich-topology-itcase")) {
            it.forEachRemaining(out::add);
        }

        // Then all three come out, in order, with the records' zone, marked incomplete by the timeout
        assertThat(out).extracting(Impairment::getRevision).containsExactly(0, 1, 2);
        assertThat(out).allSatisfy(i -> {
            assertThat(i.getTopology().getAvailabilityZone()).isEqualTo("eu-west-1a");
            assertThat(i.getTopology().isComplete()).isFalse();
            assertThat(i.getTopology().getMissing()).containsExactly("aws-api: timeout after 300 ms");
        });
    }
}
