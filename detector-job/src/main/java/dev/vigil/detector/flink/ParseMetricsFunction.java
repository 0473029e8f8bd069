package dev.vigil.detector.flink;

import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.parse.MetricRecordParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.util.OutputTag;

/** Metric-stream records, in the stream's output format, to datapoints. */
public final class ParseMetricsFunction extends ParseFunction<MetricDatapoint> {
    private static final long serialVersionUID = 1L;

    private final ParseLimits limits;
    private final MetricFormat format;
    private transient MetricRecordParser parser;

    /** JSON records. */
    public ParseMetricsFunction(ParseLimits limits, OutputTag<DeadLetter> deadLetters) {
        this(limits, MetricFormat.JSON, deadLetters);
    }

    public ParseMetricsFunction(ParseLimits limits, MetricFormat format, OutputTag<DeadLetter> deadLetters) {
        super(deadLetters);
        this.limits = limits;
        this.format = format;
    }

    @Override
    protected void openParser() {
        parser = format.parser(limits, "metrics");
    }

    @Override
    protected void parse(byte[] record, long now, ParseOutput<MetricDatapoint> out) {
        parser.parse(record, now, out);
    }

    @Override
    protected String parsedCounterName() {
        return "datapointsParsed";
    }
}
