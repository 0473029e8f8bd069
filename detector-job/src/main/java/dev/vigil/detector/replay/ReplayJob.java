package dev.vigil.detector.replay;

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
import java.util.function.Predicate;

/**
 * One bounded run of {@link DetectorPipeline} over in-memory records, collecting its evaluations,
 * impairments, events, dead letters and the count of datapoints parsed. They travel as one stream
 * (all but the evaluations as tagged JSON in the evaluation tuple, the count as a tagged tuple per
 * subtask) because a job collects one stream.
 */
final class ReplayJob {
    /** Evaluation tuple: (resource id '|' rule id, period start, value, score, expected, lower, upper). */
    static final class Collected {
        final List<Tuple7<String, Long, Double, Double, Double, Double, Double>> evaluations = new ArrayList<>();
        final List<Impairment> impairments = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        final List<HealthEvent> events = new ArrayList<>();
        /** Datapoints the parse stage produced. */
        long datapoints;
    }

    private static final String IMPAIRMENT = "\u0001";
    private static final String DEAD_LETTER = "\u0002";
    private static final String EVENT = "\u0003";
    private static final String DATAPOINTS = "\u0004";

    private ReplayJob() {}

    /** @param keep which evaluations to keep (a NAB replay needs only the periods its rows fall in) */
    static Collected run(String name, List<byte[]> metricRecords, List<byte[]> eventRecords, DetectorConfig config,
                         int parallelism, Progress progress,
                         Predicate<Tuple7<String, Long, Double, Double, Double, Double, Double>> keep) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        // An empty source would have no type to infer and end at once; one empty record parses to nothing.
        DataStream<byte[]> metrics = env.fromData(metricRecords.isEmpty() ? Collections.singletonList(new byte[0]) : metricRecords,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DataStream<byte[]> events = env.fromData(eventRecords.isEmpty() ? Collections.singletonList(new byte[0]) : eventRecords,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events, config.withEvaluations());
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
        Collected c = new Collected();
        try (CloseableIterator<Tuple7<String, Long, Double, Double, Double, Double, Double>> it =
                     out.evaluations.union(impairments, deadLetters, parsedEvents, datapoints).executeAndCollect(name)) {
            while (it.hasNext()) {
                Tuple7<String, Long, Double, Double, Double, Double, Double> t = it.next();
                if (t.f0.startsWith(IMPAIRMENT)) {
                    c.impairments.add(Json.fromString(t.f0.substring(1), Impairment.class));
                } else if (t.f0.startsWith(DEAD_LETTER)) {
                    c.deadLetters.add(Json.fromString(t.f0.substring(1), DeadLetter.class));
                } else if (t.f0.startsWith(EVENT)) {
                    c.events.add(Json.fromString(t.f0.substring(1), HealthEvent.class));
                } else if (t.f0.equals(DATAPOINTS)) {
                    c.datapoints += t.f1;
                } else {
                    if (keep.test(t)) {
                        c.evaluations.add(t);
                    }
                    progress.step();
                }
            }
        }
        progress.finish();
        c.events.sort((a, b) -> a.getTime() != b.getTime() ? Long.compare(a.getTime(), b.getTime()) : a.getId().compareTo(b.getId()));
        // Arrival order depends on parallelism; sorted, the outputs of one input are always the same.
        c.impairments.sort((a, b) -> a.getDetectionTime() != b.getDetectionTime()
                ? Long.compare(a.getDetectionTime(), b.getDetectionTime())
                : a.getId().equals(b.getId()) ? Integer.compare(a.getRevision(), b.getRevision()) : a.getId().compareTo(b.getId()));
        return c;
    }
}
