package dev.vigil.bench;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The state backend a benchmark job runs on. {@link #ROCKSDB} is configured as Managed Service for
 * Apache Flink runs an application with its default checkpoint configuration: embedded RocksDB,
 * incremental checkpoints, one every 60 s with at least 5 s between two (MSF's
 * CheckpointConfiguration DEFAULT), here written to a local directory. {@link #HEAP} is the
 * MiniCluster's default, without checkpoints: the figures the performance table had before.
 */
enum Backend {
    HEAP,
    ROCKSDB,
    /**
     * RocksDB as above with Flink's timers kept on the heap instead of in RocksDB (a setting MSF
     * changes on a support case, {@code state.backend.rocksdb.timer-service.factory: HEAP}):
     * measured to show what the timers cost, not what MSF runs by default.
     */
    ROCKSDB_HEAP_TIMERS;

    static final Duration MSF_CHECKPOINT_INTERVAL = Duration.ofSeconds(60);
    static final Duration MSF_MIN_PAUSE = Duration.ofSeconds(5);
    /**
     * Managed memory for the whole MiniCluster (RocksDB's block cache and write buffers, shared by
     * the slots). A KPU has 4 GiB, of which Flink's default share for managed memory is about a
     * third; 1 GiB for the two slots here is less than two KPUs would give, so not flattering.
     */
    static final MemorySize MANAGED_MEMORY = MemorySize.parse("1g");

    /** The job configuration; checkpoints go under {@code checkpoints} (ignored on the heap). */
    Configuration configuration(Path checkpoints, Duration interval) {
        Configuration c = new Configuration();
        if (this != HEAP) {
            c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
            c.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, MSF_MIN_PAUSE);
            c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        }
        if (this == ROCKSDB_HEAP_TIMERS) {
            c.set(RocksDBOptions.TIMER_SERVICE_FACTORY, EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        }
        return c;
    }

    static Path temporaryCheckpoints() {
        try {
            return Files.createTempDirectory("vigil-bench-checkpoints");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes under a directory (what a checkpoint left on disk). */
    static long bytesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
