package dev.vigil.detector.flink;

import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;

/**
 * Runs a parser on each raw Kinesis record: good records go downstream, dead letters to a side
 * output. Stateless, so it chains with the source. Counts what operators watch: records in,
 * records parsed, dead letters by reason.
 */
public abstract class ParseFunction<T> extends ProcessFunction<byte[], T> {
    private static final long serialVersionUID = 1L;

    private final OutputTag<DeadLetter> deadLetters;
    private transient Counter recordsIn;
    private transient Counter parsed;
    private transient EnumMap<DeadLetterReason, Counter> deadByReason;
    private transient Forwarder forwarder;

    protected ParseFunction(OutputTag<DeadLetter> deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Creates the (non-thread-safe) parser of this subtask. */
    protected abstract void openParser();

    protected abstract void parse(byte[] record, long now, ParseOutput<T> out);

    /** Metric name of the parsed-record counter, e.g. {@code datapointsParsed}. */
    protected abstract String parsedCounterName();

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        recordsIn = group.counter("recordsIn");
        parsed = group.counter(parsedCounterName());
        deadByReason = new EnumMap<>(DeadLetterReason.class);
        MetricGroup dead = group.addGroup("deadLetters");
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadByReason.put(r, dead.counter(r.code()));
        }
        forwarder = new Forwarder();
        openParser();
    }

    @Override
    public void processElement(byte[] record, Context ctx, Collector<T> out) {
        recordsIn.inc();
        forwarder.ctx = ctx;
        forwarder.out = out;
        parse(record, ctx.timerService().currentProcessingTime(), forwarder);
    }

    /** Reused per record to avoid an allocation per element. */
    private final class Forwarder implements ParseOutput<T> {
        Context ctx;
        Collector<T> out;

        @Override
        public void accept(T record) {
            parsed.inc();
            out.collect(record);
        }

        @Override
        public void reject(DeadLetter deadLetter) {
            deadByReason.get(deadLetter.getReason()).inc();
            ctx.output(deadLetters, deadLetter);
        }
    }
}
