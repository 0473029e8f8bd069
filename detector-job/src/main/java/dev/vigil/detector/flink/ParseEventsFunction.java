package dev.vigil.detector.flink;

import dev.vigil.detector.parse.EventParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import org.apache.flink.util.OutputTag;

/** EventBridge records to health events. */
public final class ParseEventsFunction extends ParseFunction<HealthEvent> {
    private static final long serialVersionUID = 1L;

    private final ParseLimits limits;
    private transient EventParser parser;

    public ParseEventsFunction(ParseLimits limits, OutputTag<DeadLetter> deadLetters) {
        super(deadLetters);
        this.limits = limits;
    }

    @Override
    protected void openParser() {
        parser = new EventParser(limits, "events");
    }

    @Override
    protected void parse(byte[] record, long now, ParseOutput<HealthEvent> out) {
        parser.parse(record, now, out);
    }

    @Override
    protected String parsedCounterName() {
        return "eventsParsed";
    }
}
