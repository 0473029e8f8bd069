package dev.vigil.detector.flink;

import dev.vigil.schemas.DeadLetter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Units parsed in the source ({@link ParsingDeserializer}): records on, dead letters to a side
 * output. Stateless and chained with the source; timestamps and the source's per-shard
 * watermarks pass through.
 */
public final class SplitParsed<T> extends ProcessFunction<Either<T, DeadLetter>, T> {
    private static final long serialVersionUID = 1L;

    private final OutputTag<DeadLetter> deadLetters;

    public SplitParsed(OutputTag<DeadLetter> deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void processElement(Either<T, DeadLetter> unit, Context ctx, Collector<T> out) {
        if (unit.isLeft()) {
            out.collect(unit.left());
        } else {
            ctx.output(deadLetters, unit.right());
        }
    }
}
