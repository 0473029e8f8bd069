package dev.vigil.bench;

import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet too big to hold in memory, written record by record as the source asks: each instance
 * sends CPU and both status checks, each target group response time, requests, 5xx (none) and
 * unhealthy hosts, once a minute, 100 lines to a record, in the metric-stream JSON of {@link Fleet}
 * and with the values of the same shape (CPU on a daily cycle, response time around 80 ms, noise
 * from a hash so any record can be written alone). No incidents: this fleet measures state.
 */
final class MillionFleet implements GeneratorFunction<Long, byte[]> {
    private static final long serialVersionUID = 1L;
    static final int LINES_PER_RECORD = 100;

    final int instances;
    final int targetGroups;
    final int recordsPerMinute;
    /** Numbers the source generates; set before the job is built (the splits depend on it). */
    long totalRecords;

    MillionFleet(int instances, int targetGroups) {
        this.instances = instances;
        this.targetGroups = targetGroups;
        long lines = 3L * instances + 4L * targetGroups;
        // An even number of records a minute, so both source subtasks cross each minute together.
        int records = (int) ((lines + LINES_PER_RECORD - 1) / LINES_PER_RECORD);
        this.recordsPerMinute = records + (records % 2);
    }

    long series() {
        return 3L * instances + 4L * targetGroups;
    }

    long datapointsPerMinute() {
        return series();
    }

    @Override
    public byte[] map(Long index) {
        long g = PipelineBench.Interleaved.position(index, totalRecords, 2);
        int minute = (int) (g / recordsPerMinute);
        long first = (g % recordsPerMinute) * LINES_PER_RECORD;
        long ts = Fleet.T0 + minute * Fleet.MINUTE;
        StringBuilder b = new StringBuilder(LINES_PER_RECORD * 320);
        for (long line = first; line < first + LINES_PER_RECORD && line < series(); line++) {
            b.append(line(line, minute, ts)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String line(long line, int minute, long ts) {
        double noise = noise(line, minute);
        if (line < 3L * instances) {
            int i = (int) (line / 3);
            String id = Fleet.instanceId(i);
            switch ((int) (line % 3)) {
                case 0:
                    double cpu = 40 + 20 * Math.sin(2 * Math.PI * (minute + i % 1440) / 1440.0) + noise * 3;
                    return Fleet.line("AWS/EC2", "CPUUtilization", "InstanceId", id, ts, cpu, 4, "Percent");
                case 1:
                    return Fleet.line("AWS/EC2", "StatusCheckFailed_System", "InstanceId", id, ts, 0, 1, "Count");
                default:
                    return Fleet.line("AWS/EC2", "StatusCheckFailed_Instance", "InstanceId", id, ts, 0, 1, "Count");
            }
        }
        long rest = line - 3L * instances;
        int t = (int) (rest / 4);
        String tg = "targetgroup/tg-" + t + "/" + Integer.toHexString(0x10000 + t);
        String lb = "app/alb-" + (t / 10) + "/" + Integer.toHexString(0x20000 + t / 10);
        double requests = 1000 + Math.abs(noise) * 100;
        switch ((int) (rest % 4)) {
            case 0:
                return Fleet.tgLine("TargetResponseTime", lb, tg, ts, 0.08 + noise * 0.005, requests, "Seconds");
            case 1:
                return Fleet.tgLine("RequestCount", lb, tg, ts, requests, 1, "Count");
            case 2:
                return Fleet.tgLine("HTTPCode_Target_5XX_Count", lb, tg, ts, 0, 1, "Count");
            default:
                return Fleet.tgLine("UnHealthyHostCount", lb, tg, ts, 0, 1, "Count");
        }
    }

    /** Roughly standard normal, from the line and minute alone (sum of four uniform draws of a mixed hash). */
    static double noise(long line, int minute) {
        long h = line * 0x9E3779B97F4A7C15L + minute * 0xC2B2AE3D27D4EB4FL;
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
            sum += (h >>> 11) * 0x1.0p-53;
        }
        return (sum - 2) * Math.sqrt(3);
    }

    /**
     * Lets the source through minute by minute: each source subtask's k-th record belongs to minute
     * {@code k * parallelism / recordsPerMinute}, and a record past the minutes let through waits
     * on a future (the source stays free to take checkpoints meanwhile).
     */
    static final class Gate implements RateLimiterStrategy {
        private static final long serialVersionUID = 1L;
        private static volatile int recordsPerMinute;
        private static volatile int allowedMinutes;
        private static final AtomicLong SENT = new AtomicLong();
        private static final List<CompletableFuture<Void>> WAITING = new ArrayList<>();

        static void reset(int perMinute) {
            recordsPerMinute = perMinute;
            allowedMinutes = 0;
            SENT.set(0);
        }

        static long sent() {
            return SENT.get();
        }

        static void open(int minutes) {
            List<CompletableFuture<Void>> release;
            synchronized (WAITING) {
                allowedMinutes = minutes;
                release = new ArrayList<>(WAITING);
                WAITING.clear();
            }
            SENT.addAndGet(release.size());
            release.forEach(f -> f.complete(null));
        }

        @Override
        public RateLimiter createRateLimiter(int parallelism) {
            return new RateLimiter() {
                /** Records of this subtask let through or waiting: the next one's position in its split. */
                private long claimed;

                @Override
                public CompletionStage<Void> acquire() {
                    int minute = (int) (claimed++ * parallelism / recordsPerMinute);
                    synchronized (WAITING) {
                        if (minute >= allowedMinutes) {
                            // The reader emits this record once the future completes, without asking again.
                            CompletableFuture<Void> wait = new CompletableFuture<>();
                            WAITING.add(wait);
                            return wait;
                        }
                    }
                    SENT.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }
}
