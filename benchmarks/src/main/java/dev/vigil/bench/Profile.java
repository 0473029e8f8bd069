package dev.vigil.bench;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code scripts/bench --profile [rocksdb|heap]}: the end-to-end run repeated under a JFR recording
 * (JDK's "profile" settings), written to {@code benchmarks/target/bench.jfr}, then summarised: the
 * hottest frames, and the share of samples in each stage of a datapoint's way through the job.
 * Java samples ({@code jdk.ExecutionSample}) and samples of threads inside RocksDB's native code
 * ({@code jdk.NativeMethodSample} with an {@code org.rocksdb} frame) are counted together; RocksDB's
 * own background threads (flushes, compactions) are not Java threads and are not sampled.
 */
final class Profile {
    /**
     * Stage → frame prefixes. The first {@link #ANYWHERE} stages (state, timers, the resource's
     * encoding) count wherever they are in a stack, in this order; for the rest the frame nearest
     * the top decides, so a record serialised on its way out of the parser counts as serialisation.
     */
    private static final Map<String, String[]> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("state read: RocksDB get", new String[] {"org.apache.flink.contrib.streaming.state.RocksDBValueState.value"});
        STAGES.put("state write: RocksDB put", new String[] {"org.apache.flink.contrib.streaming.state.RocksDBValueState.update"});
        STAGES.put("timers: RocksDB priority queue", new String[] {"org.apache.flink.contrib.streaming.state.RocksDBCachingPriorityQueueSet",
            "org.apache.flink.contrib.streaming.state.RocksDBPriorityQueueSetFactory"});
        STAGES.put("timers: heap priority queue", new String[] {"org.apache.flink.runtime.state.heap.HeapPriorityQueue",
            "org.apache.flink.streaming.api.operators.InternalTimerServiceImpl"});
        STAGES.put("state on the heap", new String[] {"org.apache.flink.runtime.state.heap."});
        STAGES.put("resource decode (ResourceCodec.read)", new String[] {"dev.vigil.detector.resource.ResourceCodec.read"});
        STAGES.put("resource encode (ResourceCodec.write)", new String[] {"dev.vigil.detector.resource.ResourceCodec.write"});
        STAGES.put("detection (ResourceDetector accept/advance)", new String[] {"dev.vigil.detector.resource.", "dev.vigil.detector.series.",
            "dev.vigil.detector.anomaly."});
        STAGES.put("peer outliers", new String[] {"dev.vigil.detector.peer."});
        STAGES.put("metric-stream parsing", new String[] {"dev.vigil.detector.parse.", "dev.vigil.detector.flink.ParseMetricsFunction"});
        STAGES.put("routing", new String[] {"dev.vigil.detector.flink.RouteByResource", "dev.vigil.detector.rules."});
        STAGES.put("record (de)serialisation and network", new String[] {"org.apache.flink.runtime.io.network.",
            "org.apache.flink.streaming.runtime.io.", "dev.vigil.schemas.flink."});
    }

    private Profile() {}

    static void run(Backend backend, PipelineBench.Mode mode) throws Exception {
        Fleet fleet = new Fleet(30_000, 2_500, 20);
        PipelineBench.Setup setup = new PipelineBench.Setup(backend, 2, 1);
        Bench.best(fleet, mode, setup, 1); // warm-up, not recorded
        Path out = Paths.get(System.getProperty("vigil.root", ".")).resolve("benchmarks/target/bench-" + backend.name().toLowerCase()
                + ".jfr");
        try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
            r.setDestination(out);
            r.start();
            for (int k = 0; k < 3; k++) {
                Bench.best(fleet, mode, setup, 1);
            }
            r.stop();
        }
        Bench.log("JFR recording: %s", out.toAbsolutePath());
        summarise(out);
    }

    static void summarise(Path jfr) throws IOException {
        Map<String, Integer> self = new TreeMap<>();
        Map<String, Integer> stages = new LinkedHashMap<>();
        STAGES.keySet().forEach(k -> stages.put(k, 0));
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            boolean java = type.equals("jdk.ExecutionSample");
            if (!java && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            if (!java && frames.stream().noneMatch(f -> name(f).startsWith("org.rocksdb."))) {
                continue; // a thread waiting in native code (sockets, sleeps), not working
            }
            total++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            String stage = stageOf(frames);
            stages.merge(stage == null ? "other" : stage, 1, Integer::sum);
        }
        final int all = total;
        System.out.printf("%n%,d samples (Java execution, and threads inside RocksDB's native code)%n", all);
        System.out.println("share by stage:");
        stages.forEach((k, v) -> System.out.printf("  %5.1f %%  %s%n", 100.0 * v / Math.max(1, all), k));
        System.out.println("top frames (self):");
        self.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(en -> System.out.printf("  %5.1f %%  %s%n", 100.0 * en.getValue() / Math.max(1, all), en.getKey()));
    }

    /** The state round trip and the timers wherever they are in the stack; the other stages innermost first. */
    private static final int ANYWHERE = 7;

    private static String stageOf(List<RecordedFrame> frames) {
        int i = 0;
        for (Map.Entry<String, String[]> s : STAGES.entrySet()) {
            if (i++ == ANYWHERE) {
                break;
            }
            for (RecordedFrame f : frames) {
                String n = name(f);
                for (String prefix : s.getValue()) {
                    if (n.startsWith(prefix)) {
                        return s.getKey();
                    }
                }
            }
        }
        for (RecordedFrame f : frames) {
            String n = name(f);
            for (Map.Entry<String, String[]> s : STAGES.entrySet()) {
                for (String prefix : s.getValue()) {
                    if (n.startsWith(prefix)) {
                        return s.getKey();
                    }
                }
            }
        }
        return null;
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
