package dev.vigil.detector.flink;

import dev.vigil.detector.parse.EventParser;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.parse.MetricRecordParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.schemas.flink.HealthEventTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.util.EnumMap;

/**
 * Parses Kinesis records inside the source, so that each shard gets its own watermark (Flink
 * keeps one per split when the source assigns them): reading a backlog, a reader takes one
 * shard's batch after another's, hours apart in event time, and a watermark assigned after the
 * source, over both, would make the shard read second late. Every record becomes its units as
 * {@link ParseFunction} makes them, datapoints or events on the left, dead letters on the right,
 * with the same counters.
 */
public final class ParsingDeserializer<T> implements DeserializationSchema<Either<T, DeadLetter>> {
    private static final long serialVersionUID = 1L;

    /** What reads one record; made once per subtask (parsers are not thread-safe). */
    interface Parser<T> {
        void parse(byte[] record, long now, ParseOutput<T> out);
    }

    /** Creates the subtask's parser. */
    interface ParserFactory<T> extends Serializable {
        Parser<T> create();
    }

    private final ParserFactory<T> factory;
    private final TypeInformation<T> type;
    private final String parsedCounterName;
    private transient Parser<T> parser;
    private transient Counter recordsIn;
    private transient Counter parsed;
    private transient EnumMap<DeadLetterReason, Counter> deadByReason;

    private ParsingDeserializer(ParserFactory<T> factory, TypeInformation<T> type, String parsedCounterName) {
        this.factory = factory;
        this.type = type;
        this.parsedCounterName = parsedCounterName;
    }

    /** Metric-stream records in {@code format}. */
    public static ParsingDeserializer<MetricDatapoint> metrics(ParseLimits limits, MetricFormat format) {
        return new ParsingDeserializer<>(new MetricParsers(limits, format), MetricDatapointTypeInfoFactory.TYPE_INFO,
                "datapointsParsed");
    }

    /** EventBridge records. */
    public static ParsingDeserializer<HealthEvent> events(ParseLimits limits) {
        return new ParsingDeserializer<>(new EventParsers(limits), HealthEventTypeInfoFactory.TYPE_INFO, "eventsParsed");
    }

    @Override
    public void open(InitializationContext context) {
        MetricGroup group = context.getMetricGroup().addGroup("vigil");
        recordsIn = group.counter("recordsIn");
        parsed = group.counter(parsedCounterName);
        deadByReason = new EnumMap<>(DeadLetterReason.class);
        MetricGroup dead = group.addGroup("deadLetters");
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadByReason.put(r, dead.counter(r.code()));
        }
        parser = factory.create();
    }

    @Override
    public Either<T, DeadLetter> deserialize(byte[] message) {
        throw new UnsupportedOperationException("a record holds many units: deserialize(message, collector)");
    }

    @Override
    public void deserialize(byte[] message, Collector<Either<T, DeadLetter>> out) {
        recordsIn.inc();
        parser.parse(message, System.currentTimeMillis(), new ParseOutput<T>() {
            @Override
            public void accept(T record) {
                parsed.inc();
                out.collect(Either.Left(record));
            }

            @Override
            public void reject(DeadLetter deadLetter) {
                deadByReason.get(deadLetter.getReason()).inc();
                out.collect(Either.Right(deadLetter));
            }
        });
    }

    @Override
    public boolean isEndOfStream(Either<T, DeadLetter> next) {
        return false;
    }

    @Override
    public TypeInformation<Either<T, DeadLetter>> getProducedType() {
        return new EitherTypeInfo<>(type, DeadLetterTypeInfoFactory.TYPE_INFO);
    }

    // Named classes rather than lambdas: what is serialised with the job stays readable and stable.

    private static final class MetricParsers implements ParserFactory<MetricDatapoint> {
        private static final long serialVersionUID = 1L;
        private final ParseLimits limits;
        private final MetricFormat format;

        MetricParsers(ParseLimits limits, MetricFormat format) {
            this.limits = limits;
            this.format = format;
        }

        @Override
        public Parser<MetricDatapoint> create() {
            MetricRecordParser p = format.parser(limits, "metrics");
            return p::parse;
        }
    }

    private static final class EventParsers implements ParserFactory<HealthEvent> {
        private static final long serialVersionUID = 1L;
        private final ParseLimits limits;

        EventParsers(ParseLimits limits) {
            this.limits = limits;
        }

        @Override
        public Parser<HealthEvent> create() {
            EventParser p = new EventParser(limits, "events");
            return p::parse;
        }
    }
}
