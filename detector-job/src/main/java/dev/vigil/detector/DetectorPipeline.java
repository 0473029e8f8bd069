package dev.vigil.detector;

import dev.vigil.common.flink.Uids;
import dev.vigil.detector.correlate.RegionKey;
import dev.vigil.detector.flink.CorrelateFunction;
import dev.vigil.detector.flink.EnrichTopologyFunction;
import dev.vigil.detector.flink.ParseEventsFunction;
import dev.vigil.detector.flink.ParseMetricsFunction;
import dev.vigil.detector.flink.ParsingDeserializer;
import dev.vigil.detector.flink.PeerOutlierFunction;
import dev.vigil.detector.flink.PeriodEvaluationTypeInfoFactory;
import dev.vigil.detector.flink.ResourceDetectorFunction;
import dev.vigil.detector.flink.RouteByResource;
import dev.vigil.detector.flink.RoutePeers;
import dev.vigil.detector.flink.ShardWatermarks;
import dev.vigil.detector.flink.SplitParsed;
import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.detector.topology.TopologySettings;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.schemas.flink.HealthEventTypeInfoFactory;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The detector, assembled in one place. Sources and sinks are passed in and out, so the job, the
 * demo, the replay tool and the tests all run this same pipeline.
 *
 * <pre>
 *  metric records ─parse─► datapoints ─watermarks─┬─► route by resource ─┐
 *        │                                         │                      ├─ keyBy(resource) ─► detect ─► enrich topology ─┐
 *  event records ──parse─► health events ─watermarks─► route ────────────┘          │                      (async I/O)    │
 *        │                                         └─► peer filter ─ keyBy(group) ─► peer outliers ─► enrich topology ─────┤
 *        │                                                                          │                                      ▼
 *        │                                           impairments ◄─ correlate fleets and zones ◄─ keyBy(account/region) ◄─┘
 *        └────────────────────┴────────────── dead letters ◄──────────── late ────┘
 * </pre>
 */
public final class DetectorPipeline {
    private DetectorPipeline() {}

    /** Builds the pipeline over raw metric-stream and EventBridge records. */
    public static Outputs build(DataStream<byte[]> metricRecords, DataStream<byte[]> eventRecords, DetectorConfig config) {
        OutputTag<DeadLetter> metricDead = new OutputTag<>("metric-dead-letters", DeadLetterTypeInfoFactory.TYPE_INFO);
        OutputTag<DeadLetter> eventDead = new OutputTag<>("event-dead-letters", DeadLetterTypeInfoFactory.TYPE_INFO);
        SingleOutputStreamOperator<MetricDatapoint> datapoints = metricRecords
                .process(new ParseMetricsFunction(config.parseLimits(), config.metricFormat(), metricDead),
                        MetricDatapointTypeInfoFactory.TYPE_INFO)
                .uid(Uids.PARSE_METRICS).name("Parse metric stream");
        SingleOutputStreamOperator<HealthEvent> events = eventRecords
                .process(new ParseEventsFunction(config.parseLimits(), eventDead), HealthEventTypeInfoFactory.TYPE_INFO)
                .uid(Uids.PARSE_EVENTS).name("Parse EventBridge events");
        // One reader per source here: its order is the input's, so event time is assigned after parsing.
        DataStream<MetricDatapoint> timedDatapoints = datapoints
                .assignTimestampsAndWatermarks(watermarks(config, (MetricDatapoint d) -> d.getTimestamp()))
                .uid(Uids.DATAPOINT_WATERMARKS).name("Datapoint event time");
        DataStream<HealthEvent> timedEvents = events
                .assignTimestampsAndWatermarks(watermarks(config, (HealthEvent e) -> e.getTime()))
                .uid(Uids.EVENT_WATERMARKS).name("Event event time");
        return assemble(datapoints, timedDatapoints, events, timedEvents,
                datapoints.getSideOutput(metricDead).union(events.getSideOutput(eventDead)), config);
    }

    /**
     * Builds the pipeline over units parsed in their Kinesis sources ({@link ParsingDeserializer}),
     * the datapoints' event time assigned there, per shard ({@link ShardWatermarks}): a reader of
     * several shards catching up on a backlog reads them hours apart, and one watermark over all of
     * them would make the shard read last late. The events' is assigned here.
     */
    public static Outputs buildParsed(DataStream<Either<MetricDatapoint, DeadLetter>> metricUnits,
                                      DataStream<Either<HealthEvent, DeadLetter>> eventUnits, DetectorConfig config) {
        OutputTag<DeadLetter> metricDead = new OutputTag<>("metric-dead-letters", DeadLetterTypeInfoFactory.TYPE_INFO);
        OutputTag<DeadLetter> eventDead = new OutputTag<>("event-dead-letters", DeadLetterTypeInfoFactory.TYPE_INFO);
        // The parse stage's released uids stay on what is left of it (both stateless).
        SingleOutputStreamOperator<MetricDatapoint> datapoints = metricUnits
                .process(new SplitParsed<MetricDatapoint>(metricDead), MetricDatapointTypeInfoFactory.TYPE_INFO)
                .uid(Uids.PARSE_METRICS).name("Metric stream units");
        // Event time came with the source, per shard; the released uid keeps a pass-through.
        DataStream<MetricDatapoint> timedDatapoints = datapoints
                .map(d -> d, MetricDatapointTypeInfoFactory.TYPE_INFO)
                .uid(Uids.DATAPOINT_WATERMARKS).name("Datapoint event time (per shard, in the source)");
        SingleOutputStreamOperator<HealthEvent> events = eventUnits
                .process(new SplitParsed<HealthEvent>(eventDead), HealthEventTypeInfoFactory.TYPE_INFO)
                .uid(Uids.PARSE_EVENTS).name("EventBridge units");
        // Events: few, and a shard may have none at all, so their event time is assigned here (see DetectorJob).
        DataStream<HealthEvent> timedEvents = events
                .assignTimestampsAndWatermarks(watermarks(config, (HealthEvent e) -> e.getTime()))
                .uid(Uids.EVENT_WATERMARKS).name("Event event time");
        return assemble(datapoints, timedDatapoints, events, timedEvents,
                datapoints.getSideOutput(metricDead).union(events.getSideOutput(eventDead)), config);
    }

    private static Outputs assemble(DataStream<MetricDatapoint> datapoints, DataStream<MetricDatapoint> timedDatapoints,
                                    DataStream<HealthEvent> events, DataStream<HealthEvent> timedEvents,
                                    DataStream<DeadLetter> inputDeadLetters, DetectorConfig config) {
        // Read and validated here, on the client, once: a bad file fails the submission, and the
        // operators get the parsed rules with their serialised form rather than reading the file.
        RulesFile rules = config.rules();
        if (config.topology().snapshotPath() != null) {
            // The operators read it in open(); a missing or broken file fails here, once, not in every subtask.
            TopologySnapshot.load(config.topology().snapshotPath());
        }
        OutputTag<DeadLetter> lateDead = new OutputTag<>("late-dead-letters", DeadLetterTypeInfoFactory.TYPE_INFO);
        // Only a replay asks for them (the job never does): a record per period and series.
        OutputTag<PeriodEvaluation> evaluationTag = config.emitEvaluations() ? PeriodEvaluationTypeInfoFactory.sideOutput() : null;

        DataStream<Tuple2<String, MetricDatapoint>> routedDatapoints = timedDatapoints
                .flatMap(new RouteByResource.Datapoints(rules.rules()),
                        Types.TUPLE(Types.STRING, MetricDatapointTypeInfoFactory.TYPE_INFO))
                .uid(Uids.ROUTE_DATAPOINTS).name("Route datapoints to resources");
        DataStream<Tuple2<String, HealthEvent>> routedEvents = timedEvents
                .flatMap(new RouteByResource.Events(), Types.TUPLE(Types.STRING, HealthEventTypeInfoFactory.TYPE_INFO))
                .uid(Uids.ROUTE_EVENTS).name("Route events to resources");

        SingleOutputStreamOperator<Impairment> resourceImpairments = routedDatapoints
                .keyBy(t -> t.f0, Types.STRING)
                .connect(routedEvents.keyBy(t -> t.f0, Types.STRING))
                .process(new ResourceDetectorFunction(rules.rules(), config.stateRetentionMs(), lateDead, evaluationTag,
                        config.evaluateOnComplete()),
                        ImpairmentTypeInfoFactory.TYPE_INFO)
                .uid(Uids.DETECT_RESOURCES).name("Detect impairments per resource");

        // Peer outliers are resource impairments too: a member departing from its group's median is
        // impaired even when no fixed threshold fires. Only datapoints a peer rule watches leave the chain.
        DataStream<Impairment> peerImpairments = timedDatapoints
                .flatMap(new RoutePeers(rules.peers(), config.topology()),
                        Types.TUPLE(Types.STRING, MetricDatapointTypeInfoFactory.TYPE_INFO))
                .uid(Uids.ROUTE_PEERS).name("Route datapoints to peer groups")
                .keyBy(t -> t.f0, Types.STRING)
                .process(new PeerOutlierFunction(rules.peers()), ImpairmentTypeInfoFactory.TYPE_INFO)
                .uid(Uids.DETECT_PEER_OUTLIERS).name("Detect peer outliers");

        // One enrichment per impairment stream keeps each chained to the operator feeding it,
        // rather than a union costing a network hop.
        DataStream<Impairment> impairments = enrichTopology(resourceImpairments, config.topology(), Uids.ENRICH_TOPOLOGY,
                        "Enrich impairments with topology")
                .union(enrichTopology(peerImpairments, config.topology(), Uids.ENRICH_TOPOLOGY_PEERS,
                        "Enrich peer outliers with topology"))
                .keyBy(RegionKey::of, Types.STRING)
                .process(new CorrelateFunction(config.correlation()), ImpairmentTypeInfoFactory.TYPE_INFO)
                .uid(Uids.CORRELATE).name("Correlate fleets and zones");

        DataStream<DeadLetter> deadLetters = inputDeadLetters.union(resourceImpairments.getSideOutput(lateDead));
        return new Outputs(datapoints, events, impairments, deadLetters,
                evaluationTag == null ? null : resourceImpairments.getSideOutput(evaluationTag));
    }

    /**
     * Impairments with their topology. Ordered: one impairment's OPEN, UPDATE and RESOLVED records
     * must leave in the order they came, so a slow lookup holds back the records behind it in the
     * same subtask for at most the timeout. With neither snapshot nor API every lookup completes at
     * once from the records' own hints. Impairments are few and each one matters at once, so the
     * output is flushed per record instead of waiting for a network buffer to fill or time out.
     */
    private static DataStream<Impairment> enrichTopology(DataStream<Impairment> in, TopologySettings s, String uid,
                                                         String name) {
        SingleOutputStreamOperator<Impairment> out = AsyncDataStream.orderedWait(in, new EnrichTopologyFunction(s),
                        s.timeoutMs(), TimeUnit.MILLISECONDS, s.capacity())
                .returns(ImpairmentTypeInfoFactory.TYPE_INFO)
                .uid(uid).name(name);
        out.setBufferTimeout(0);
        return out;
    }

    private static <T> WatermarkStrategy<T> watermarks(DetectorConfig config, TimestampOf<T> ts) {
        WatermarkStrategy<T> s = WatermarkStrategy.<T>forBoundedOutOfOrderness(Duration.ofMillis(config.maxOutOfOrdernessMs()))
                .withTimestampAssigner((e, previous) -> ts.of(e));
        return config.idlenessMs() > 0 ? s.withIdleness(Duration.ofMillis(config.idlenessMs())) : s;
    }

    /** Serializable timestamp extractor. */
    private interface TimestampOf<T> extends java.io.Serializable {
        long of(T element);
    }

    /** What the pipeline produces; each stream is wired to a sink by the caller. */
    public static final class Outputs {
        public final DataStream<MetricDatapoint> datapoints;
        public final DataStream<HealthEvent> events;
        public final DataStream<Impairment> impairments;
        public final DataStream<DeadLetter> deadLetters;
        /** Every period evaluation; null unless {@link DetectorConfig#withEvaluations()} (replays). */
        public final DataStream<PeriodEvaluation> evaluations;

        Outputs(DataStream<MetricDatapoint> datapoints, DataStream<HealthEvent> events,
                DataStream<Impairment> impairments, DataStream<DeadLetter> deadLetters,
                DataStream<PeriodEvaluation> evaluations) {
            this.evaluations = evaluations;
            this.datapoints = datapoints;
            this.events = events;
            this.impairments = impairments;
            this.deadLetters = deadLetters;
        }
    }
}
