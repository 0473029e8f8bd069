package dev.vigil.tools.replay;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple7;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One bounded run of {@link DetectorPipeline}, its evaluations, impairments, events, dead letters
 * and the count of datapoints parsed handed to a {@link Sink} as they arrive (a replay of months of
 * data never holds them all). They travel as one stream (all but the evaluations as tagged JSON in
 * the evaluation tuple, the count as a tagged tuple per subtask) because a job collects one stream.
 */
final class ReplayJob {
    /** Evaluation tuple: (resource id '|' rule id, period start, value, score, expected, lower, upper). */
    interface Sink {
        void evaluation(Tuple7<String, Long, Double, Double, Double, Double, Double> t) throws Exception;

        void impairment(Impairment i) throws Exception;

        void deadLetter(DeadLetter d) throws Exception;

        void event(HealthEvent e) throws Exception;

        /** Called once per parse subtask, when the input ends, with the datapoints it parsed. */
        void datapoints(long count) throws Exception;
    }

    /** Everything in memory: for small recordings (the {@code --input} replay). */
    static final class Collected implements Sink {
        final List<Tuple7<String, Long, Double, Double, Double, Double, Double>> evaluations = new ArrayList<>();
        final List<Impairment> impairments = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        final List<HealthEvent> events = new ArrayList<>();
        /** Datapoints the parse stage produced. */
        long datapoints;
        private final Predicate<Tuple7<String, Long, Double, Double, Double, Double, Double>> keep;

        Collected(Predicate<Tuple7<String, Long, Double, Double, Double, Double, Double>> keep) {
            this.keep = keep;
        }

        @Override
        public void evaluation(Tuple7<String, Long, Double, Double, Double, Double, Double> t) {
            if (keep.test(t)) {
                evaluations.add(t);
            }
        }

        @Override
        public void impairment(Impairment i) {
            impairments.add(i);
        }

        @Override
        public void deadLetter(DeadLetter d) {
            deadLetters.add(d);
        }

        @Override
        public void event(HealthEvent e) {
            events.add(e);
        }

        @Override
        public void datapoints(long count) {
            datapoints += count;
        }
    }

    private static final String IMPAIRMENT = "\u0001";
    private static final String DEAD_LETTER = "\u0002";
    private static final String EVENT = "\u0003";
    private static final String DATAPOINTS = "\u0004";

    private ReplayJob() {}

    /** In-memory records, everything collected (impairments sorted, so outputs do not depend on parallelism). */
    static Collected run(String name, List<byte[]> metricRecords, List<byte[]> eventRecords, DetectorConfig config,
                         int parallelism, Progress progress,
                         Predicate<Tuple7<String, Long, Double, Double, Double, Double, Double>> keep) throws Exception {
        Collected c = new Collected(keep);
        run(name, env -> records(env, metricRecords), eventRecords, config, parallelism, progress, c);
        sort(c.impairments);
        c.events.sort((a, b) -> a.getTime() != b.getTime() ? Long.compare(a.getTime(), b.getTime()) : a.getId().compareTo(b.getId()));
        return c;
    }

    /** @param metrics builds the metric records' stream on the job's environment */
    static void run(String name, Function<StreamExecutionEnvironment, DataStream<byte[]>> metrics, List<byte[]> eventRecords,
                    DetectorConfig config, int parallelism, Progress progress, Sink sink) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        DetectorPipeline.Outputs out = DetectorPipeline.build(metrics.apply(env), records(env, eventRecords),
                config.withEvaluations());
        DataStream<Tuple7<String, Long, Double, Double, Double, Double, Double>> impairments = out.impairments
                .map(i -> Tuple7.of(IMPAIRMENT + Json.toString(i), 0L, 0.0, 0.0, 0.0, 0.0, 0.0))
                .returns(out.evaluations.getType()).name("Impairments as JSON");
        DataStream<Tuple7<String, Long, Double, Double, Double, Double, Double>> deadLetters = out.deadLetters
                .map(d -> Tuple7.of(DEAD_LETTER + Json.toString(d), 0L, 0.0, 0.0, 0.0, 0.0, 0.0))
                .returns(out.evaluations.getType()).name("Dead letters as JSON");
        DataStream<Tuple7<String, Long, Double, Double, Double, Double, Double>> parsedEvents = out.events
                .map(e -> Tuple7.of(EVENT + Json.toString(e), 0L, 0.0, 0.0, 0.0, 0.0, 0.0))
                .returns(out.evaluations.getType()).name("Events as JSON");
        DataStream<Tuple7<String, Long, Double, Double, Double, Double, Double>> datapoints = out.datapoints
                .transform("Count datapoints", out.evaluations.getType(), new DatapointCount(DATAPOINTS));
        try (CloseableIterator<Tuple7<String, Long, Double, Double, Double, Double, Double>> it =
                     out.evaluations.union(impairments, deadLetters, parsedEvents, datapoints).executeAndCollect(name)) {
            while (it.hasNext()) {
                Tuple7<String, Long, Double, Double, Double, Double, Double> t = it.next();
                if (t.f0.startsWith(IMPAIRMENT)) {
                    sink.impairment(Json.fromString(t.f0.substring(1), Impairment.class));
                } else if (t.f0.startsWith(DEAD_LETTER)) {
                    sink.deadLetter(Json.fromString(t.f0.substring(1), DeadLetter.class));
                } else if (t.f0.startsWith(EVENT)) {
                    sink.event(Json.fromString(t.f0.substring(1), HealthEvent.class));
                } else if (t.f0.equals(DATAPOINTS)) {
                    sink.datapoints(t.f1);
                } else {
                    sink.evaluation(t);
                    progress.step();
                }
            }
        }
        progress.finish();
    }

    private static DataStream<byte[]> records(StreamExecutionEnvironment env, List<byte[]> records) {
        // An empty source would have no type to infer and end at once; one empty record parses to nothing.
        return env.fromData(records.isEmpty() ? Collections.singletonList(new byte[0]) : records,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Arrival order depends on parallelism; sorted, the outputs of one input are always the same. */
    static void sort(List<Impairment> impairments) {
        impairments.sort((a, b) -> a.getDetectionTime() != b.getDetectionTime()
                ? Long.compare(a.getDetectionTime(), b.getDetectionTime())
                : a.getId().equals(b.getId()) ? Integer.compare(a.getRevision(), b.getRevision()) : a.getId().compareTo(b.getId()));
    }
}
