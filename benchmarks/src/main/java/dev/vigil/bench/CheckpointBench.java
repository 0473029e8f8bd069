package dev.vigil.bench;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scripts/bench --checkpoints}: checkpoints of a million series. The detector runs on
 * RocksDB with incremental checkpoints to a local directory (MSF's backend) at parallelism 2;
 * a fleet ten times the end-to-end one (300,000 instances with three watched metrics, 25,000
 * target groups with four, the anomaly rule's response time among them) sends {@link #MINUTES}
 * minutes of datapoints, then the job is checkpointed: nothing to reuse yet, so every file is
 * written (the full checkpoint). One more minute of datapoints (every series once), and a second
 * checkpoint writes only what changed (the incremental one). Periodic checkpoints are off here, so
 * the two are the only ones; each is taken once the job has worked off its input.
 */
final class CheckpointBench {
    static final int INSTANCES = 300_000;
    static final int TARGET_GROUPS = 25_000;
    /** Minutes of data before the first checkpoint: the duplicate window (16 minutes) full, as in a long run. */
    static final int MINUTES = Integer.getInteger("bench.checkpointMinutes", 16);

    private CheckpointBench() {}

    static Map<String, String> measure(boolean quick) throws Exception {
        MillionFleet fleet = quick ? new MillionFleet(INSTANCES / 100, TARGET_GROUPS / 100) : new MillionFleet(INSTANCES, TARGET_GROUPS);
        int minutes = quick ? 3 : MINUTES;
        Path checkpoints = Backend.temporaryCheckpoints();
        Configuration conf = Backend.ROCKSDB.configuration(checkpoints, Duration.ofDays(1));
        conf.set(RestOptions.BIND_PORT, "0");
        MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).withRandomPorts().build();
        Map<String, String> figures = new LinkedHashMap<>();
        try (MiniCluster mini = new MiniCluster(cluster)) {
            mini.start();
            MillionFleet.Gate.reset(fleet.recordsPerMinute);
            JobGraph job = job(fleet, minutes + 1, conf);
            JobID id = mini.submitJob(job).get().getJobID();

            long started = System.nanoTime();
            MillionFleet.Gate.open(minutes);
            awaitQuiet(fleet, minutes);
            double seconds = (System.nanoTime() - started) / 1e9;
            Bench.log("checkpoints: %,d series, %d minutes (%,d datapoints) in %.1f s, %,.0f datapoints/s on RocksDB",
                    fleet.series(), minutes, fleet.datapointsPerMinute() * minutes, seconds,
                    fleet.datapointsPerMinute() * minutes / seconds);
            AbstractCheckpointStats full = checkpoint(mini, id);
            long fullOnDisk = Backend.bytesUnder(checkpoints);

            MillionFleet.Gate.open(minutes + 1);
            awaitQuiet(fleet, minutes + 1);
            AbstractCheckpointStats incremental = checkpoint(mini, id);
            Bench.log("full checkpoint: %,d ms, %,d bytes of state (%,d on disk); incremental after a minute: %,d ms,"
                            + " %,d bytes written", full.getEndToEndDuration(), full.getStateSize(), fullOnDisk,
                    incremental.getEndToEndDuration(), incremental.getCheckpointedSize());
            mini.cancelJob(id).get();

            figures.put("checkpoint_series", Long.toString(fleet.series()));
            figures.put("checkpoint_ms_1m_series", Long.toString(full.getEndToEndDuration()));
            figures.put("checkpoint_bytes_per_series", Bench.fmt0((double) full.getStateSize() / fleet.series()));
            figures.put("incremental_checkpoint_ms", Long.toString(incremental.getEndToEndDuration()));
            figures.put("incremental_checkpoint_bytes", Long.toString(incremental.getCheckpointedSize()));
        } finally {
            Backend.delete(checkpoints);
        }
        return figures;
    }

    private static JobGraph job(MillionFleet fleet, int minutes, Configuration conf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        long records = (long) fleet.recordsPerMinute * minutes;
        fleet.totalRecords = records;
        DataGeneratorSource<byte[]> source = new DataGeneratorSource<>(fleet, records, new MillionFleet.Gate(),
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DataStream<byte[]> metrics = env.fromSource(source, WatermarkStrategy.noWatermarks(), "million-series");
        DataStream<byte[]> events = env.fromData(Collections.singletonList(new byte[0]),
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events, DetectorConfig.defaults().forReplay());
        out.impairments.sinkTo(new DiscardingSink<>());
        out.deadLetters.sinkTo(new DiscardingSink<>());
        return env.getStreamGraph().getJobGraph();
    }

    /**
     * Waits until the source has sent the minutes let through and the job has worked them off:
     * this JVM's CPU (RocksDB's flushes and compactions included) stays under a fifth of a core
     * for two seconds.
     */
    private static void awaitQuiet(MillionFleet fleet, int minutes) throws InterruptedException {
        while (MillionFleet.Gate.sent() < (long) fleet.recordsPerMinute * minutes) {
            Thread.sleep(200);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        long cpu = os.getProcessCpuTime();
        int quiet = 0;
        for (int i = 0; i < 600 && quiet < 4; i++) {
            Thread.sleep(500);
            long now = os.getProcessCpuTime();
            quiet = (now - cpu) / 5e8 < 0.2 ? quiet + 1 : 0;
            cpu = now;
        }
        if (quiet < 4) {
            Bench.log("checkpoints: the job did not go quiet (%d cores busy); checkpointing anyway", cores);
        }
    }

    private static AbstractCheckpointStats checkpoint(MiniCluster mini, JobID id) throws Exception {
        long checkpointId = mini.triggerCheckpoint(id, CheckpointType.CONFIGURED).get();
        for (int i = 0; i < 100; i++) {
            AbstractCheckpointStats s = mini.getExecutionGraph(id).get().getCheckpointStatsSnapshot().getHistory()
                    .getCheckpointById(checkpointId);
            if (s != null && s.getStatus() == CheckpointStatsStatus.COMPLETED) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("checkpoint " + checkpointId + " has no completed statistics");
    }
}
