package dev.vigil.actions;

import dev.vigil.common.testing.ReleasedUids;
import dev.vigil.actions.config.ActionsJobConfig;
import dev.vigil.common.flink.JobEnvironment;
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
 * The whole stream graph of the standalone {@code ActionsJob}: every operator carries a uid, the
 * uids are exactly the released ones ({@code uids/released-actions-job.txt}), and max parallelism
 * and the serializers are those its state depends on.
 */
class ActionsJobGraphTest {
    @Test
    void everyOperatorCarriesAReleasedUidWithFixedMaxParallelismAndNoKryo() throws IOException {
        // Given the job wired as on MSF
        String arn = "arn:aws:kinesis:eu-west-1:111122223333:stream/";
        Map<String, Properties> groups = Map.of(
                "Input", ReleasedUids.props("impairments.stream.arn", arn + "i"),
                "Output", ReleasedUids.props("outcomes.stream.arn", arn + "o", "deadletters.stream.arn", arn + "d"),
                "Aws", ReleasedUids.props("region", "eu-west-1"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ActionsJob.wire(env, ActionsJobConfig.of(groups));
        StreamGraph graph = env.getStreamGraph();

        // When its operators are listed
        List<String> uids = new ArrayList<>();
        for (StreamNode n : graph.getStreamNodes()) {
            assertThat(n.getTransformationUID()).as("uid of %s", n.getOperatorName()).isNotNull();
            assertThat(String.valueOf(n.getTypeSerializerOut())).as(n.getOperatorName()).doesNotContain("Kryo");
            uids.add(n.getTransformationUID());
        }

        // Then they are the released ones, in key groups that never change, without Kryo
        assertThat(uids).containsExactlyInAnyOrderElementsOf(ReleasedUids.read(ActionsJobGraphTest.class, "/uids/released-actions-job.txt"));
        for (JobVertex v : graph.getJobGraph().getVertices()) {
            assertThat(v.getMaxParallelism()).as(v.getName()).isEqualTo(JobEnvironment.MAX_PARALLELISM);
        }
        assertThat(graph.getExecutionConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
    }
}
