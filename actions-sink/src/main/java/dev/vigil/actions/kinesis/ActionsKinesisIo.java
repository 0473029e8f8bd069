package dev.vigil.actions.kinesis;

import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Json;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;

import java.util.Properties;

/** The actions job's Kinesis source (impairment JSON) and sinks (outcomes, dead letters). */
public final class ActionsKinesisIo {
    private ActionsKinesisIo() {}

    /** Raw records: parsing happens in the job, so a bad record becomes a dead letter. */
    public static KinesisStreamsSource<byte[]> source(ActionsJobConfig config) {
        Configuration c = new Configuration();
        config.awsClientProperties().forEach((k, v) -> c.setString((String) k, (String) v));
        c.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                KinesisStreamsSourceConfigConstants.InitialPosition.valueOf(config.startPosition.name()));
        c.set(KinesisStreamsSourceConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS, config.shardDiscoveryIntervalMs);
        return KinesisStreamsSource.<byte[]>builder().setStreamArn(config.impairmentsStreamArn).setSourceConfig(c)
                .setDeserializationSchema(new RawBytes()).build();
    }

    /**
     * Outcomes as JSON, partitioned by impairment so one incident's outcomes stay in order. Delivery
     * is at least once: consumers deduplicate on (actionId, status, finishedAt).
     */
    public static KinesisStreamsSink<ActionOutcome> outcomeSink(Properties clientProperties, String streamArn) {
        // Outcomes are few and someone may be waiting for them: flush within a second, not five.
        return KinesisStreamsSink.<ActionOutcome>builder().setKinesisClientProperties(clientProperties)
                .setStreamArn(streamArn).setSerializationSchema(new JsonBytes<>())
                .setPartitionKeyGenerator(new ByImpairment()).setMaxTimeInBufferMS(1_000).build();
    }

    public static KinesisStreamsSink<DeadLetter> deadLetterSink(Properties clientProperties, String streamArn) {
        return KinesisStreamsSink.<DeadLetter>builder().setKinesisClientProperties(clientProperties)
                .setStreamArn(streamArn).setSerializationSchema(new JsonBytes<>())
                .setPartitionKeyGenerator(new ByContent()).build();
    }

    /** A record as its published JSON. */
    static final class JsonBytes<T> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(T element) {
            return Json.toBytes(element);
        }
    }

    /** One impairment's outcomes share a shard. */
    static final class ByImpairment implements PartitionKeyGenerator<ActionOutcome> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(ActionOutcome outcome) {
            return outcome.getImpairmentId();
        }
    }

    /** Dead letters spread over shards by their content. */
    static final class ByContent implements PartitionKeyGenerator<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(DeadLetter deadLetter) {
            return Integer.toHexString(java.util.Arrays.hashCode(deadLetter.getOriginal()));
        }
    }

    /** Pass-through: the record's bytes as they are. */
    static final class RawBytes implements DeserializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] deserialize(byte[] message) {
            return message;
        }

        @Override
        public boolean isEndOfStream(byte[] nextElement) {
            return false;
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }
}
