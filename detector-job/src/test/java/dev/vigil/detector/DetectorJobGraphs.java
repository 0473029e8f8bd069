package dev.vigil.detector;

import dev.vigil.detector.config.JobConfig;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The ITCases' detector job as a graph a MiniCluster can submit, stopped and restored from savepoints. */
final class DetectorJobGraphs {
    private DetectorJobGraphs() {}

    /** {@link DetectorJob#wire} at this parallelism, checkpointing every second, restored from {@code savepoint} unless null. */
    static JobGraph of(JobConfig config, int parallelism, String savepoint) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(1_000);
        DetectorJob.wire(env, config);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        if (savepoint != null) {
            // Every state of the savepoint must find its operator, as MSF's AllowNonRestoredState false asks
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return graph;
    }
}
