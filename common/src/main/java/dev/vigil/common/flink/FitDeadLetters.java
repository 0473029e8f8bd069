package dev.vigil.common.flink;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterParts;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Just before the dead-letter sink: a dead letter too big for one Kinesis record goes out in parts
 * ({@link DeadLetterParts}); the sink would refuse it whole and fail the job. No state.
 */
public final class FitDeadLetters implements FlatMapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(DeadLetter d, Collector<DeadLetter> out) {
        for (DeadLetter part : DeadLetterParts.fit(d, DeadLetterParts.MAX_RECORD_BYTES)) {
            out.collect(part);
        }
    }
}
