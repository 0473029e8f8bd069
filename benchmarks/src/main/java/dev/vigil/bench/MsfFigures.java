package dev.vigil.bench;

import dev.vigil.tools.deploy.SeriesCost;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures for what production sees: the same end-to-end run on RocksDB with MSF's checkpoint
 * configuration, how throughput scales from one subtask to two, and what a hundred thousand series
 * cost a month from that throughput.
 */
final class MsfFigures {
    /**
     * The fleet is sent this many times (each pass later in event time) so that the RocksDB run
     * lasts longer than MSF's 60 s checkpoint interval and pays for the checkpoints it takes.
     */
    static final int ROCKSDB_PASSES = 2;

    private MsfFigures() {}

    static Map<String, String> measure(Fleet fleet, double e2eHeap, boolean quick) throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        PipelineBench.Setup rocks = new PipelineBench.Setup(Backend.ROCKSDB, 2, quick ? 1 : ROCKSDB_PASSES);
        double rocksDps = Bench.best(fleet, PipelineBench.Mode.END_TO_END, rocks, 1);
        int checkpoints = PipelineBench.CHECKPOINTS.size();
        figures.put("e2e_dps_rocksdb", Bench.fmt0(rocksDps));
        figures.put("rocksdb_over_heap", Bench.fmt2(rocksDps / e2eHeap));
        figures.put("rocksdb_checkpoints", Integer.toString(checkpoints));
        // The same with the timers on the heap: how much of the gap the timer queue in RocksDB is.
        double heapTimers = Bench.best(fleet, PipelineBench.Mode.END_TO_END,
                new PipelineBench.Setup(Backend.ROCKSDB_HEAP_TIMERS, 2, rocks.passes), 1);
        figures.put("e2e_dps_rocksdb_heap_timers", Bench.fmt0(heapTimers));

        double p1 = Bench.best(fleet, PipelineBench.Mode.END_TO_END, new PipelineBench.Setup(Backend.HEAP, 1, 1), quick ? 1 : 2);
        figures.put("e2e_dps_p1", Bench.fmt0(p1));
        figures.put("scaling_p2_over_p1", Bench.fmt2(e2eHeap / p1));

        // Per core: the run had two subtasks on two cores (and everything else the JVM does on them).
        double perCore = rocksDps / rocks.parallelism;
        figures.put("rocksdb_dps_per_core", Bench.fmt0(perCore));
        for (long series : new long[] {10_000, 100_000, 1_000_000}) {
            Bench.log("cost for %,d series: %d detector KPU (x%.0f headroom at %,.0f datapoints/s per core): %,.2f USD/month"
                            + " compute, %,.2f USD/month stream (%s)", series,
                    SeriesCost.detectorKpu(series, perCore, SeriesCost.HEADROOM), SeriesCost.HEADROOM, perCore,
                    SeriesCost.computeMonthly(series, perCore, SeriesCost.HEADROOM), SeriesCost.streamMonthly(series),
                    SeriesCost.priceSource());
        }
        figures.put("cost_headroom", Bench.fmt0(SeriesCost.HEADROOM));
        figures.put("cost_per_100k_series_month", Bench.fmt2(SeriesCost.computeMonthly(100_000, perCore, SeriesCost.HEADROOM)));
        figures.put("stream_cost_per_100k_series_month", Bench.fmt2(SeriesCost.streamMonthly(100_000)));
        return figures;
    }
}
