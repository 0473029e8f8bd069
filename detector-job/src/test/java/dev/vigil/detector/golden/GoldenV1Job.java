package dev.vigil.detector.golden;

import dev.vigil.actions.config.ActionsConfig;
import dev.vigil.actions.flink.ActionsPipeline;
import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.DetectorPipeline;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The job the version-1 savepoint was taken from, and that restores it: {@link DetectorPipeline}
 * with the recovery actions in the same job (as {@code DetectorJob} wires them with
 * {@code Actions.enabled=true}), at parallelism 2, topology from a snapshot file (no AWS API), fed
 * {@link GoldenV1Scenario} by {@link GoldenSource}s and writing to {@link CollectSink}s. Every
 * stateful operator keeps the job's uid; the test sources and sinks have their own
 * ({@code golden-*}), so the savepoint could also be restored into {@code DetectorJob}'s graph
 * with only the test sources' positions left behind.
 */
final class GoldenV1Job {
    static final String METRICS = "golden-metrics";
    static final String EVENTS = "golden-events";
    static final int PARALLELISM = 2;
    /** Hand out every record. */
    static final long ALL = Long.MAX_VALUE;

    private GoldenV1Job() {}

    /**
     * @param metricsPauseAt index of the first metric record not handed out ({@link #ALL}: none)
     * @param eventsPauseAt  the same for event records
     * @param run names the sinks' queues: {@code <run>-impairments}, {@code <run>-outcomes},
     *            {@code <run>-dead-letters}, {@code <run>-evaluations} (every period evaluation, a
     *            stateless side output the v1 job did not have)
     */
    static JobGraph build(Path topologySnapshot, long metricsPauseAt, long eventsPauseAt, Map<String, Properties> actions,
                          String run) {
        return build(topologySnapshot, metricsPauseAt, eventsPauseAt, actions, run, GoldenV1Scenario.RULES);
    }

    /** As above, under another rules file than the frozen one (a rules change across the restore). */
    static JobGraph build(Path topologySnapshot, long metricsPauseAt, long eventsPauseAt, Map<String, Properties> actions,
                          String run, String rulesLocation) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs
        env.setParallelism(PARALLELISM);
        // Watermarks often and every buffer flushed at once, so the lockstep pace of the sources
        // (GoldenSource) costs little time: each record waits for the watermark to get round.
        env.getConfig().setAutoWatermarkInterval(5);
        env.setBufferTimeout(0);
        String pacing = GoldenSource.newRun(run, PARALLELISM);
        // One reader per input hands the records out in order; the pipeline's operators run at 2.
        DataStream<byte[]> metrics = env.fromSource(GoldenSource.of(pacing, METRICS, GoldenV1Scenario.metricRecords(),
                                GoldenV1Scenario.metricTimes(), metricsPauseAt),
                        WatermarkStrategy.noWatermarks(), "Golden metric records", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .setParallelism(1).uid("golden-source-metrics");
        DataStream<byte[]> events = env.fromSource(GoldenSource.of(pacing, EVENTS, GoldenV1Scenario.eventRecords(),
                                GoldenV1Scenario.eventTimes(), eventsPauseAt),
                        WatermarkStrategy.noWatermarks(), "Golden event records", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .setParallelism(1).uid("golden-source-events");

        DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events,
                detectorConfig(topologySnapshot, rulesLocation).withEvaluations());
        DataStream<ActionOutcome> outcomes = ActionsPipeline.build(out.impairments, ActionsConfig.of(actions));

        out.impairments.sinkTo(new CollectSink<Impairment>(run + "-impairments", pacing)).uid("golden-sink-impairments")
                .name("Collect impairments");
        out.deadLetters.sinkTo(new CollectSink<DeadLetter>(run + "-dead-letters", null)).uid("golden-sink-dead-letters")
                .name("Collect dead letters");
        outcomes.sinkTo(new CollectSink<ActionOutcome>(run + "-outcomes", null)).uid("golden-sink-outcomes")
                .name("Collect action outcomes");
        out.evaluations.sinkTo(new CollectSink<PeriodEvaluation>(run + "-evaluations", null))
                .uid("golden-sink-evaluations").name("Collect evaluations");
        return env.getStreamGraph().getJobGraph();
    }

    /**
     * The frozen rules, the snapshot, the job's defaults otherwise, except: no age checks (the
     * input is from the past) and no idleness (event time moves only with the input, never with
     * the wall clock, so a slow machine cannot make data late).
     */
    static DetectorConfig detectorConfig(Path topologySnapshot) {
        return detectorConfig(topologySnapshot, GoldenV1Scenario.RULES);
    }

    static DetectorConfig detectorConfig(Path topologySnapshot, String rulesLocation) {
        return new DetectorConfig(ParseLimits.defaults().withoutTimeChecks(), rulesLocation, 30_000, 0,
                24 * 3_600_000L).withTopologySnapshot(topologySnapshot.toString());
    }

    /**
     * The {@code Aws} and {@code Actions} property groups: instances of the scenario's account and
     * region in scope (nothing else but NOTIFY), the ledger in {@code vigil-golden}.
     */
    static Map<String, Properties> actions(String endpoint, boolean dryRun, int velocityMaxActions, long velocityWindowMs) {
        Properties aws = new Properties();
        aws.setProperty("region", GoldenV1Scenario.REGION);
        aws.setProperty("endpoint", endpoint);
        aws.setProperty("credentials.provider", "BASIC");
        aws.setProperty("access.key.id", "testing");
        aws.setProperty("secret.access.key", "testing");
        Properties a = new Properties();
        a.setProperty("enabled", "true");
        a.setProperty("dry.run", Boolean.toString(dryRun));
        a.setProperty("scope.accounts", GoldenV1Scenario.ACCOUNT);
        a.setProperty("scope.regions", GoldenV1Scenario.REGION);
        a.setProperty("scope.resources", "i-*");
        a.setProperty("ledger.table", "vigil-golden");
        a.setProperty("ledger.create.table", Boolean.toString(!dryRun));
        a.setProperty("velocity.max.actions", Integer.toString(velocityMaxActions));
        a.setProperty("velocity.window.ms", Long.toString(velocityWindowMs));
        a.setProperty("retry.max.attempts", "2");
        a.setProperty("retry.budget.ms", "500");
        a.setProperty("threads", "2");
        return Map.of("Aws", aws, "Actions", a);
    }

    static List<Impairment> impairments(String run) {
        return CollectSink.received(run + "-impairments");
    }

    static List<ActionOutcome> outcomes(String run) {
        return CollectSink.received(run + "-outcomes");
    }

    static List<PeriodEvaluation> evaluations(String run) {
        return CollectSink.received(run + "-evaluations");
    }

    static List<DeadLetter> deadLetters(String run) {
        return CollectSink.received(run + "-dead-letters");
    }
}
