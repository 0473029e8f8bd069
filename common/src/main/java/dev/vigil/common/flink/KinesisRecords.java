package dev.vigil.common.flink;

import dev.vigil.common.config.AwsSettings;
import dev.vigil.common.config.KinesisInput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Json;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSinkBuilder;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;

import java.util.Arrays;

/**
 * Kinesis as both jobs read and write it: raw records in (parsing is the pipeline's, so a bad
 * record becomes a dead letter, not a failure), published records out as their JSON.
 */
public final class KinesisRecords {
    private KinesisRecords() {}

    /** The stream's records as they are. */
    public static KinesisStreamsSource<byte[]> source(AwsSettings aws, KinesisInput input, String streamArn) {
        return source(aws, input, streamArn, new RawBytes());
    }

    /**
     * Records as {@code schema} reads them: the detector parses in the source (its
     * ParsingDeserializer), so each shard has its own watermark; a bad unit is still a dead letter.
     */
    public static <T> KinesisStreamsSource<T> source(AwsSettings aws, KinesisInput input, String streamArn,
                                                     DeserializationSchema<T> schema) {
        Configuration c = new Configuration();
        aws.connectorProperties().forEach((k, v) -> c.setString((String) k, (String) v));
        c.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                KinesisStreamsSourceConfigConstants.InitialPosition.valueOf(input.startPosition.name()));
        if (input.startTimestamp != null) {
            c.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_TIMESTAMP, input.startTimestamp);
        }
        c.set(KinesisStreamsSourceConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS, input.shardDiscoveryIntervalMs);
        return KinesisStreamsSource.<T>builder()
                .setStreamArn(streamArn)
                .setSourceConfig(c)
                .setDeserializationSchema(schema)
                .build();
    }

    /**
     * A sink of records as their published JSON, partitioned by {@code key}. Delivery is at least
     * once: consumers deduplicate on the record's identity.
     */
    public static <T> KinesisStreamsSinkBuilder<T> sink(AwsSettings aws, String streamArn, PartitionKeyGenerator<T> key) {
        return KinesisStreamsSink.<T>builder()
                .setKinesisClientProperties(aws.sinkProperties())
                .setStreamArn(streamArn)
                .setSerializationSchema(new JsonBytes<>())
                .setPartitionKeyGenerator(key);
    }

    /**
     * Dead letters, spread over shards by their content. Each must fit one record: put
     * {@link FitDeadLetters} before it.
     */
    public static KinesisStreamsSink<DeadLetter> deadLetterSink(AwsSettings aws, String streamArn) {
        return sink(aws, streamArn, new ByContent()).build();
    }

    // Named classes, not method references: two serialised references to the same method
    // (Json::toBytes for Impairment and for DeadLetter) can be restored with each other's cast.

    /** A record as its published JSON. */
    static final class JsonBytes<T> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(T element) {
            return Json.toBytes(element);
        }
    }

    /** Dead letters spread over shards by their content; the parts of one dead letter all on one shard, in order. */
    static final class ByContent implements PartitionKeyGenerator<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(DeadLetter deadLetter) {
            return deadLetter.isPart() ? deadLetter.getWholeSha256().substring(0, 16)
                    : Integer.toHexString(Arrays.hashCode(deadLetter.getOriginal()));
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
