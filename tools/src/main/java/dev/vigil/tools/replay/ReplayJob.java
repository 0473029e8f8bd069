package dev.vigil.tools.replay;

import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
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
 * data never holds them all). They travel as one stream of {@link JobRecord}s because a job
 * collects one stream.
 */
final class ReplayJob {
    interface Sink {
        void evaluation(PeriodEvaluation e) throws Exception;

        void impairment(Impairment i) throws Exception;

        void deadLetter(DeadLetter d) throws Exception;

        void event(HealthEvent e) throws Exception;

        /** Called once per parse subtask, when the input ends, with the datapoints it parsed. */
        void datapoints(long count) throws Exception;
    }

    /** Everything in memory: for small recordings (the {@code --input} replay). */
    static final class Collected implements Sink {
        final List<PeriodEvaluation> evaluations = new ArrayList<>();
        final List<Impairment> impairments = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        final List<HealthEvent> events = new ArrayList<>();
        /** Datapoints the parse stage produced. */
        long datapoints;
        private final Predicate<PeriodEvaluation> keep;

        Collected(Predicate<PeriodEvaluation> keep) {
            this.keep = keep;
        }

        @Override
        public void evaluation(PeriodEvaluation e) {
            if (keep.test(e)) {
                evaluations.add(e);
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

    private ReplayJob() {}

    /** In-memory records, everything collected (impairments sorted, so outputs do not depend on parallelism). */
    static Collected run(String name, List<byte[]> metricRecords, List<byte[]> eventRecords, DetectorConfig config,
                         int parallelism, Progress progress, Predicate<PeriodEvaluation> keep) throws Exception {
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
        DataStream<JobRecord> evaluations = out.evaluations.map(JobRecord::of, JobRecord.TYPE_INFO)
                .name("Evaluations");
        DataStream<JobRecord> impairments = out.impairments.map(JobRecord::of, JobRecord.TYPE_INFO)
                .name("Impairments");
        DataStream<JobRecord> deadLetters = out.deadLetters.map(JobRecord::of, JobRecord.TYPE_INFO)
                .name("Dead letters");
        DataStream<JobRecord> parsedEvents = out.events.map(JobRecord::of, JobRecord.TYPE_INFO)
                .name("Events");
        DataStream<JobRecord> datapoints = out.datapoints.transform("Count datapoints", JobRecord.TYPE_INFO,
                new DatapointCount());
        try (CloseableIterator<JobRecord> it = evaluations.union(impairments, deadLetters, parsedEvents, datapoints)
                .executeAndCollect(name)) {
            while (it.hasNext()) {
                JobRecord r = it.next();
                r.deliverTo(sink);
                if (r.isEvaluation()) {
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
