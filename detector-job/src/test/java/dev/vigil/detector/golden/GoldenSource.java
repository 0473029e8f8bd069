package dev.vigil.detector.golden;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The golden job's input: a list of records handed out in order by Flink's data generator source,
 * whose only state is how far it got (a restored source goes on with the next record).
 *
 * <p>Paced in lockstep with event time: a record is handed out only once the job's output
 * watermark (seen by the impairments sink, {@link #observe}) is within {@link #LEAD_MS} of the
 * record's time. Unpaced, one parallel branch can run tens of minutes of event time ahead of
 * another, and what the correlation judges at the watermark (zones), or the peer function's
 * timers, then depend on the machine's timing; paced, every run of the same input gives the same
 * output. With {@code pauseAt}, the source also stops before record {@code pauseAt} without
 * blocking its task, so a savepoint can be taken at exactly that point.
 */
final class GoldenSource {
    /**
     * How far the next record may be ahead of the output watermark. The watermark trails the
     * newest record by the out-of-orderness bound plus the minute the other parse subtask is
     * behind, so less than about three minutes would never let a record through.
     */
    static final long LEAD_MS = 3 * GoldenV1Scenario.MINUTE;
    /** Records a source hands out unpaced after it starts (or restarts), before any watermark is out. */
    private static final int FREE = 3;

    private static final Map<String, AtomicLong> LAST_INDEX = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> EMITTED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicBoolean> PAUSED = new ConcurrentHashMap<>();
    private static final Map<Integer, Long> WATERMARKS = new ConcurrentHashMap<>();
    private static final List<Waiter> WAITERS = new ArrayList<>();
    private static volatile int sinkParallelism = 2;

    private GoldenSource() {}

    /**
     * @param times   event time of each record
     * @param pauseAt index of the first record not handed out (Long.MAX_VALUE: all)
     */
    static DataGeneratorSource<byte[]> of(String name, List<byte[]> records, List<Long> times, long pauseAt) {
        long[] t = new long[times.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = times.get(i);
        }
        return new DataGeneratorSource<>(new RecordAt(name, records.toArray(new byte[0][])), records.size(),
                new Pace(name, t, pauseAt), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Forgets every run's progress: call before submitting a job. */
    static synchronized void reset(int parallelism) {
        LAST_INDEX.clear();
        EMITTED.clear();
        PAUSED.clear();
        WATERMARKS.clear();
        WAITERS.clear();
        sinkParallelism = parallelism;
    }

    static long emitted(String name) {
        return counter(EMITTED, name, 0).get();
    }

    /** True once the source has handed out its records up to the pause and is waiting. */
    static boolean paused(String name) {
        return PAUSED.computeIfAbsent(name, k -> new AtomicBoolean()).get();
    }

    /** The output watermark of one sink subtask; releases the records it lets through. */
    static synchronized void observe(int subtask, long watermark) {
        WATERMARKS.merge(subtask, watermark, Math::max);
        long wm = watermark();
        for (Iterator<Waiter> it = WAITERS.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.needs <= wm) {
                it.remove();
                w.go.complete(null);
            }
        }
    }

    /** The job's output watermark: the least of its sink subtasks'. */
    private static long watermark() {
        if (WATERMARKS.size() < sinkParallelism) {
            return Long.MIN_VALUE;
        }
        long min = Long.MAX_VALUE;
        for (long w : WATERMARKS.values()) {
            min = Math.min(min, w);
        }
        return min;
    }

    private static synchronized CompletableFuture<Void> when(long needs) {
        if (needs <= watermark()) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter w = new Waiter(needs);
        WAITERS.add(w);
        return w.go;
    }

    private static AtomicLong counter(Map<String, AtomicLong> m, String name, long initial) {
        return m.computeIfAbsent(name, k -> new AtomicLong(initial));
    }

    private static final class Waiter {
        final long needs;
        final CompletableFuture<Void> go = new CompletableFuture<>();

        Waiter(long needs) {
            this.needs = needs;
        }
    }

    private static final class RecordAt implements GeneratorFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final byte[][] records;

        RecordAt(String name, byte[][] records) {
            this.name = name;
            this.records = records;
        }

        @Override
        public byte[] map(Long index) {
            counter(LAST_INDEX, name, -1).set(index);
            counter(EMITTED, name, 0).incrementAndGet();
            return records[index.intValue()];
        }
    }

    /** Asked before each record (one reader per source, so one sequence of indices). */
    private static final class Pace implements RateLimiterStrategy {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final long[] times;
        private final long pauseAt;

        Pace(String name, long[] times, long pauseAt) {
            this.name = name;
            this.times = times;
            this.pauseAt = pauseAt;
        }

        @Override
        public RateLimiter createRateLimiter(int parallelism) {
            // A reader (re)starts: after a failure it goes on from its checkpoint, not from the last
            // record handed out before the failure, so the next index is known only once it maps one.
            counter(LAST_INDEX, name, -1).set(-1);
            return () -> {
                long last = counter(LAST_INDEX, name, -1).get();
                long next = last + 1;
                if (last >= 0 && next >= pauseAt) {
                    PAUSED.computeIfAbsent(name, k -> new AtomicBoolean()).set(true);
                    // Never completes: the reader stays idle, its task free to take the savepoint.
                    return new CompletableFuture<>();
                }
                if (last < 0 || emitted(name) < FREE || next >= times.length) {
                    return CompletableFuture.completedFuture(null);
                }
                return when(times[(int) next] - LEAD_MS);
            };
        }
    }
}
