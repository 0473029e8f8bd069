package dev.vigil.detector;

import dev.vigil.common.testing.ReleasedUids;
import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.config.JobConfig;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole stream graph of {@code DetectorJob} as MSF runs it (Kinesis sources, the pipeline,
 * the sinks, the recovery actions inside): every operator carries a uid, and the uids are exactly
 * the released ones ({@code uids/released-detector-job.txt}), so a renamed or dropped uid, which
 * would silently lose that operator's state on the next restore, fails here. Max parallelism is
 * the one every savepoint was taken with, and no type falls back to Kryo.
 */
class DetectorJobGraphTest {
    @Test
    void everyOperatorCarriesAReleasedUidAndEveryReleasedUidIsThere() throws IOException {
        // Given the job wired as on MSF, with the actions in the same job
        StreamGraph graph = graph();

        // When its operators are listed
        List<String> uids = new ArrayList<>();
        for (StreamNode n : graph.getStreamNodes()) {
            assertThat(n.getTransformationUID()).as("uid of %s", n.getOperatorName()).isNotNull();
            uids.add(n.getTransformationUID());
        }

        // Then they are the released ones, no more and no fewer
        assertThat(uids).containsExactlyInAnyOrderElementsOf(ReleasedUids.read(DetectorJobGraphTest.class, "/uids/released-detector-job.txt"));
    }

    @Test
    void maxParallelismIsFixedAndNoTypeFallsBackToKryo() {
        // Given the job wired as on MSF (building the graph with generic types off already fails on a Kryo type)
        StreamGraph graph = graph();

        // Then every vertex splits its keys into the same key groups as every savepoint so far
        JobGraph job = graph.getJobGraph();
        for (JobVertex v : job.getVertices()) {
            assertThat(v.getMaxParallelism()).as(v.getName()).isEqualTo(JobEnvironment.MAX_PARALLELISM);
        }
        for (StreamNode n : graph.getStreamNodes()) {
            assertThat(String.valueOf(n.getTypeSerializerOut())).as(n.getOperatorName()).doesNotContain("Kryo");
            assertThat(String.valueOf(n.getStateKeySerializer())).as(n.getOperatorName()).doesNotContain("Kryo");
        }
        assertThat(graph.getExecutionConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
    }

    private static StreamGraph graph() {
        String arn = "arn:aws:kinesis:eu-west-1:111122223333:stream/";
        Map<String, Properties> groups = Map.of(
                "Input", ReleasedUids.props("metrics.stream.arn", arn + "m", "events.stream.arn", arn + "e"),
                "Output", ReleasedUids.props("impairments.stream.arn", arn + "i", "deadletters.stream.arn", arn + "d",
                        "outcomes.stream.arn", arn + "o"),
                "Aws", ReleasedUids.props("region", "eu-west-1"),
                "Actions", ReleasedUids.props("enabled", "true"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DetectorJob.wire(env, JobConfig.of(groups));
        return env.getStreamGraph();
    }
}
