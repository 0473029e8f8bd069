package dev.vigil.tools.replay;

import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Counts the datapoints parsing produced and, when the bounded input ends, emits the count once
 * per subtask ({@link JobRecord#datapoints}): chained to the parse operator, so the count costs no
 * shuffle and no record per datapoint. What the replay's {@code datapoints} count is, whatever the format.
 */
final class DatapointCount extends AbstractStreamOperator<JobRecord>
        implements OneInputStreamOperator<MetricDatapoint, JobRecord>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private long count;

    @Override
    public void processElement(StreamRecord<MetricDatapoint> element) {
        count++;
    }

    @Override
    public void endInput() {
        output.collect(new StreamRecord<>(JobRecord.datapoints(count)));
    }
}
