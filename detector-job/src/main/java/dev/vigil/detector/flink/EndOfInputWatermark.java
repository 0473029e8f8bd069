package dev.vigil.detector.flink;

import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Ends a bounded input's event time at its last datapoint plus the rules' longest period instead
 * of +inf: every period the data touched is evaluated, and no operator needs a case for a watermark
 * at the end of time. A live stream never ends, so there it only passes everything on.
 */
public final class EndOfInputWatermark extends AbstractStreamOperator<MetricDatapoint>
        implements OneInputStreamOperator<MetricDatapoint, MetricDatapoint> {
    private static final long serialVersionUID = 1L;

    private final long longestPeriodMs;
    private long lastDataMs = Long.MIN_VALUE;

    public EndOfInputWatermark(long longestPeriodMs) {
        this.longestPeriodMs = longestPeriodMs;
    }

    @Override
    public void processElement(StreamRecord<MetricDatapoint> element) {
        lastDataMs = Math.max(lastDataMs, element.getValue().getTimestamp());
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            if (lastDataMs != Long.MIN_VALUE) {
                super.processWatermark(new Watermark(lastDataMs + longestPeriodMs));
            }
            return;
        }
        super.processWatermark(mark);
    }
}
