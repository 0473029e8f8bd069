package dev.vigil.tools.replay;

import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.java.tuple.Tuple7;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Counts the datapoints parsing produced and, when the bounded input ends, emits the count once
 * per subtask as a tagged tuple: chained to the parse operator, so the count costs no shuffle and
 * no tuple per datapoint. What the replay's {@code datapoints} count is, whatever the format.
 */
final class DatapointCount extends AbstractStreamOperator<Tuple7<String, Long, Double, Double, Double, Double, Double>>
        implements OneInputStreamOperator<MetricDatapoint, Tuple7<String, Long, Double, Double, Double, Double, Double>>,
        BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final String tag;
    private long count;

    DatapointCount(String tag) {
        this.tag = tag;
    }

    @Override
    public void processElement(StreamRecord<MetricDatapoint> element) {
        count++;
    }

    @Override
    public void endInput() {
        output.collect(new StreamRecord<>(Tuple7.of(tag, count, 0.0, 0.0, 0.0, 0.0, 0.0)));
    }
}
