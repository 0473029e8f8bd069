package dev.vigil.detector.flink;

import dev.vigil.detector.parse.MetricStreamParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.util.OutputTag;

/** Metric-stream records to datapoints. */
public final class ParseMetricsFunction extends ParseFunction<MetricDatapoint> {
    private static final long serialVersionUID = 1L;

    private final ParseLimits limits;
    private transient MetricStreamParser parser;

    public ParseMetricsFunction(ParseLimits limits, OutputTag<DeadLetter> deadLetters) {
        super(deadLetters);
        this.limits = limits;
    }

    @Override
    protected void openParser() {
        parser = new MetricStreamParser(limits, "metrics");
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
