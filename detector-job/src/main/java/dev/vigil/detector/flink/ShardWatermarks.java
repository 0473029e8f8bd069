package dev.vigil.detector.flink;

import dev.vigil.schemas.DeadLetter;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.types.Either;

import java.io.Serializable;
import java.time.Duration;

/**
 * Event time for a parsing Kinesis source ({@link ParsingDeserializer}): given to the source, Flink
 * keeps one generator per shard and the source's watermark is the least of them, so a shard read
 * ahead (a backlog, read one shard's batch after another's) holds nobody's data late. Each is the
 * bounded out-of-orderness watermark the pipeline uses elsewhere, over datapoints or events only:
 * a dead letter has no event time. A shard with nothing to read for {@code idlenessMs} stops
 * holding the others back.
 */
public final class ShardWatermarks {
    private ShardWatermarks() {}

    /** Serializable event time of a unit. */
    public interface TimestampOf<T> extends Serializable {
        long of(T unit);
    }

    public static <T> WatermarkStrategy<Either<T, DeadLetter>> strategy(long maxOutOfOrdernessMs, long idlenessMs,
                                                                     TimestampOf<T> timestampOf) {
        WatermarkStrategy<Either<T, DeadLetter>> s = WatermarkStrategy
                .<Either<T, DeadLetter>>forGenerator(ctx -> new Generator<>(maxOutOfOrdernessMs))
                .withTimestampAssigner((u, recordTimestamp) -> u.isLeft() ? timestampOf.of(u.left()) : recordTimestamp);
        return idlenessMs > 0 ? s.withIdleness(Duration.ofMillis(idlenessMs)) : s;
    }

    /** As Flink's bounded out-of-orderness generator, blind to dead letters. */
    static final class Generator<T> implements WatermarkGenerator<Either<T, DeadLetter>> {
        private final long bound;
        private long max;

        Generator(long bound) {
            this.bound = bound;
            this.max = Long.MIN_VALUE + bound + 1;
        }

        @Override
        public void onEvent(Either<T, DeadLetter> unit, long timestamp, WatermarkOutput output) {
            if (unit.isLeft()) {
                max = Math.max(max, timestamp);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(max - bound - 1));
        }
    }
}
