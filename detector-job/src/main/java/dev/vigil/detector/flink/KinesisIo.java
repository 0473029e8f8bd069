package dev.vigil.detector.flink;

import dev.vigil.common.config.AwsSettings;
import dev.vigil.common.flink.KinesisRecords;
import dev.vigil.schemas.Impairment;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;

/** The impairments' Kinesis sink; the sources and the dead letters are {@link KinesisRecords}'. */
public final class KinesisIo {
    private KinesisIo() {}

    /**
     * Impairments as JSON, partitioned by resource id so one resource's lifecycle stays in order
     * within its shard. Delivery is at least once: consumers deduplicate on (id, revision).
     */
    public static KinesisStreamsSink<Impairment> impairmentSink(AwsSettings aws, String streamArn) {
        return KinesisRecords.sink(aws, streamArn, new ByResource()).build();
    }

    /** One resource's lifecycle records share a shard, so they stay in order. */
    static final class ByResource implements PartitionKeyGenerator<Impairment> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(Impairment impairment) {
            return impairment.getResourceId();
        }
    }
}
