package dev.vigil.detector.golden;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The golden job's input: a list of records handed out in order by Flink's data generator source,
 * whose only state is how far it got (a restored source goes on with the next record).
 *
 * <p>Paced in lockstep with event time ({@link GoldenPacing}): a record is handed out only once the
 * job's output watermark (seen by the impairments sink, {@link CollectSink}) is within
 * {@link GoldenPacing#LEAD_MS} of the record's time. Unpaced, one parallel branch can run tens of
 * minutes of event time ahead of another, and what the correlation judges at the watermark
 * (zones), or the peer function's timers, then depend on the machine's timing; paced, every run of
 * the same input gives the same output. With {@code pauseAt}, the source also stops before record
 * {@code pauseAt} without blocking its task, so a savepoint can be taken at exactly that point.
 *
 * <p>A job's sources and pacing sink share one {@link GoldenPacing}, by the id {@link #newRun}
 * gives; the MiniCluster runs in this JVM, so they find it here. Tests read it by their run's name.
 */
final class GoldenSource {
    /** A wait for the watermark this long means the lockstep is broken: no record takes more than milliseconds. */
    static final long STALL_MS = 60_000;

    private static final Map<String, GoldenPacing> PACINGS = new ConcurrentHashMap<>();
    /** Run name → the id of its latest pacing. */
    private static final Map<String, String> RUNS = new ConcurrentHashMap<>();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private GoldenSource() {}

    /**
     * A new pacing for one job, named after its run; its id is for the job's sources and pacing
     * sink only, so no other job in the JVM (an earlier one of the same name included) touches it.
     */
    static String newRun(String run, int sinkParallelism) {
        String id = run + "#" + SEQUENCE.incrementAndGet();
        PACINGS.put(id, new GoldenPacing(id, sinkParallelism));
        RUNS.put(run, id);
        return id;
    }

    /**
     * @param pacing  the job's, from {@link #newRun}
     * @param times   event time of each record
     * @param pauseAt index of the first record not handed out (Long.MAX_VALUE: all)
     */
    static DataGeneratorSource<byte[]> of(String pacing, String name, List<byte[]> records, List<Long> times, long pauseAt) {
        long[] t = new long[times.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = times.get(i);
        }
        return new Paced(new RecordAt(pacing, name, records.toArray(new byte[0][])), records.size(),
                new Pace(pacing, name, t, pauseAt));
    }

    /** The watermark of one pacing sink subtask. */
    static void observe(String pacing, int subtask, long watermark) {
        pacing(pacing).observe(subtask, watermark);
    }

    /** See {@link GoldenPacing#hold}. */
    static void hold(String pacing, String input) {
        pacing(pacing).hold(input);
    }

    static void release(String pacing, String input) {
        pacing(pacing).release(input);
    }

    /** Records of {@code input} handed out in the run's latest job, over all its attempts. */
    static long emitted(String run, String input) {
        return ofRun(run).emitted(input);
    }

    /** How often a reader of {@code input} started in the run's latest job: 1 + its restarts. */
    static int attempts(String run, String input) {
        return ofRun(run).attempts(input);
    }

    /** True once the input has handed out its records up to the pause and is waiting. */
    static boolean paused(String run, String input) {
        return ofRun(run).paused(input);
    }

    static String describe(String run) {
        return ofRun(run).describe();
    }

    /**
     * The job's result, waited for at most {@code limit}; when the sources have waited
     * {@link #STALL_MS} for a watermark, or the limit passes, {@code cancel} runs and the test fails
     * saying who waits for what, rather than hanging until a timeout that says nothing.
     */
    static <T> T await(String run, Future<T> result, Duration limit, Runnable cancel) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                return result.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                GoldenPacing p = ofRun(run);
                String why = p.longestWaitMs() >= STALL_MS ? "stalled: a record waited " + p.longestWaitMs() + " ms"
                        : System.nanoTime() > deadline ? "did not finish in " + limit : null;
                if (why != null) {
                    cancel.run();
                    throw new AssertionError("job of run " + run + " " + why + "; " + p.describe());
                }
            }
        }
    }

    private static GoldenPacing ofRun(String run) {
        String id = RUNS.get(run);
        if (id == null) {
            throw new IllegalStateException("no golden job ran as " + run);
        }
        return pacing(id);
    }

    private static GoldenPacing pacing(String id) {
        GoldenPacing p = PACINGS.get(id);
        if (p == null) {
            throw new IllegalStateException("no pacing " + id);
        }
        return p;
    }

    /** The data generator source, telling the pacing when a reader (re)starts. */
    private static final class Paced extends DataGeneratorSource<byte[]> {
        private static final long serialVersionUID = 1L;
        private final String pacing;
        private final String name;

        Paced(RecordAt records, long count, Pace pace) {
            super(records, count, pace, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
            this.pacing = records.pacing;
            this.name = records.name;
        }

        @Override
        public SourceReader<byte[], NumberSequenceSource.NumberSequenceSplit> createReader(SourceReaderContext context)
                throws Exception {
            pacing(pacing).started(name);
            return super.createReader(context);
        }
    }

    private static final class RecordAt implements GeneratorFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        private final String pacing;
        private final String name;
        private final byte[][] records;

        RecordAt(String pacing, String name, byte[][] records) {
            this.pacing = pacing;
            this.name = name;
            this.records = records;
        }

        @Override
        public byte[] map(Long index) {
            pacing(pacing).handedOut(name, index);
            return records[index.intValue()];
        }
    }

    /** Asked before each record (one reader per source, so one sequence of indices). */
    private static final class Pace implements RateLimiterStrategy {
        private static final long serialVersionUID = 1L;
        private final String pacing;
        private final String name;
        private final long[] times;
        private final long pauseAt;

        Pace(String pacing, String name, long[] times, long pauseAt) {
            this.pacing = pacing;
            this.name = name;
            this.times = times;
            this.pauseAt = pauseAt;
        }

        @Override
        public RateLimiter createRateLimiter(int parallelism) {
            GoldenPacing p = pacing(pacing);
            return () -> p.permit(name, times, pauseAt);
        }
    }
}
