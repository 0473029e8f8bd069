package dev.vigil.detector;

import dev.vigil.detector.flink.ParseEventsFunction;
import dev.vigil.detector.flink.ParseMetricsFunction;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.schemas.flink.HealthEventTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The detector, assembled in one place. Sources and sinks are passed in and out, so the job, the
 * demo, the replay tool and the tests all run this same pipeline.
 *
 * <pre>
 *  metric records (byte[]) ──parse──► datapoints ──► ...
 *            │                                           
 *            └──────────► dead letters ◄──── events (byte[]) ──parse──► health events ──► ...
 * </pre>
 */
public final class DetectorPipeline {
    private DetectorPipeline() {}

    /** Builds the pipeline over raw metric-stream and EventBridge records. */
    public static Outputs build(DataStream<byte[]> metricRecords, DataStream<byte[]> eventRecords, ParseLimits limits) {
        OutputTag<DeadLetter> metricDead = new OutputTag<>("metric-dead-letters", DeadLetterTypeInfoFactory.TYPE_INFO);
        OutputTag<DeadLetter> eventDead = new OutputTag<>("event-dead-letters", DeadLetterTypeInfoFactory.TYPE_INFO);

        SingleOutputStreamOperator<MetricDatapoint> datapoints = metricRecords
                .process(new ParseMetricsFunction(limits, metricDead), MetricDatapointTypeInfoFactory.TYPE_INFO)
                .uid("parse-metrics").name("Parse metric stream");
        SingleOutputStreamOperator<HealthEvent> events = eventRecords
                .process(new ParseEventsFunction(limits, eventDead), HealthEventTypeInfoFactory.TYPE_INFO)
                .uid("parse-events").name("Parse EventBridge events");

        DataStream<DeadLetter> deadLetters = datapoints.getSideOutput(metricDead).union(events.getSideOutput(eventDead));
        return new Outputs(datapoints, events, deadLetters);
    }

    /** What the pipeline produces; each stream is wired to a sink by the caller. */
    public static final class Outputs {
        public final DataStream<MetricDatapoint> datapoints;
        public final DataStream<HealthEvent> events;
        public final DataStream<DeadLetter> deadLetters;

        Outputs(DataStream<MetricDatapoint> datapoints, DataStream<HealthEvent> events, DataStream<DeadLetter> deadLetters) {
            this.datapoints = datapoints;
            this.events = events;
            this.deadLetters = deadLetters;
        }
    }
}
