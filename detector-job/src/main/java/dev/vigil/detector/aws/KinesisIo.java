package dev.vigil.detector.aws;

import dev.vigil.detector.config.JobConfig;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
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

/** Kinesis sources and sinks as the job's configuration describes them. */
public final class KinesisIo {
    private KinesisIo() {}

    /** Raw records: parsing happens in the pipeline, so a bad record becomes a dead letter, not a failure. */
    public static KinesisStreamsSource<byte[]> source(JobConfig config, String streamArn) {
        return source(config, streamArn, new RawBytes());
    }

    /**
     * Records as {@code schema} reads them: the job parses in the source (ParsingDeserializer), so
     * each shard has its own watermark; a bad unit is still a dead letter, never a failure.
     */
    public static <T> KinesisStreamsSource<T> source(JobConfig config, String streamArn, DeserializationSchema<T> schema) {
        Configuration c = new Configuration();
        config.awsClientProperties().forEach((k, v) -> c.setString((String) k, (String) v));
        c.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                KinesisStreamsSourceConfigConstants.InitialPosition.valueOf(config.startPosition.name()));
        if (config.startTimestamp != null) {
            c.set(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_TIMESTAMP, config.startTimestamp);
        }
        c.set(KinesisStreamsSourceConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS, config.shardDiscoveryIntervalMs);
        return KinesisStreamsSource.<T>builder()
                .setStreamArn(streamArn)
                .setSourceConfig(c)
                .setDeserializationSchema(schema)
                .build();
    }

    /**
     * Impairments as JSON, partitioned by resource id so one resource's lifecycle stays in order
     * within its shard. Delivery is at least once: consumers deduplicate on (id, revision).
     */
    public static KinesisStreamsSink<Impairment> impairmentSink(JobConfig config) {
        return KinesisStreamsSink.<Impairment>builder()
                .setKinesisClientProperties(sinkProperties(config))
                .setStreamArn(config.impairmentsStreamArn)
                .setSerializationSchema(new JsonBytes<>())
                .setPartitionKeyGenerator(new ByResource())
                .build();
    }

    /** Dead letters as JSON, spread over shards by their content. */
    public static KinesisStreamsSink<DeadLetter> deadLetterSink(JobConfig config) {
        return KinesisStreamsSink.<DeadLetter>builder()
                .setKinesisClientProperties(sinkProperties(config))
                .setStreamArn(config.deadLettersStreamArn)
                .setSerializationSchema(new JsonBytes<>())
                .setPartitionKeyGenerator(new ByContent())
                .build();
    }

    private static Properties sinkProperties(JobConfig config) {
        Properties p = config.awsClientProperties();
        if (config.endpoint != null) {
            // Local emulators (moto) speak HTTP/1.1 only; AWS itself takes HTTP/2.
            p.setProperty("aws.http.protocol.version", "HTTP1_1");
        }
        return p;
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

    /** One resource's lifecycle records share a shard, so they stay in order. */
    static final class ByResource implements PartitionKeyGenerator<Impairment> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(Impairment impairment) {
            return impairment.getResourceId();
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
