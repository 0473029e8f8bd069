package dev.vigil.actions.flink;

import dev.vigil.common.config.AwsSettings;
import dev.vigil.common.flink.KinesisRecords;
import dev.vigil.schemas.ActionOutcome;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;

/** The action outcomes' Kinesis sink; the source and the dead letters are {@link KinesisRecords}'. */
public final class ActionsKinesisIo {
    private ActionsKinesisIo() {}

    /**
     * Outcomes as JSON, partitioned by impairment so one incident's outcomes stay in order. Delivery
     * is at least once: consumers deduplicate on (actionId, status, finishedAt).
     */
    public static KinesisStreamsSink<ActionOutcome> outcomeSink(AwsSettings aws, String streamArn) {
        // Outcomes are few and someone may be waiting for them: flush within a second, not five.
        return KinesisRecords.sink(aws, streamArn, new ByImpairment()).setMaxTimeInBufferMS(1_000).build();
    }

    /** One impairment's outcomes share a shard. */
    static final class ByImpairment implements PartitionKeyGenerator<ActionOutcome> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(ActionOutcome outcome) {
            return outcome.getImpairmentId();
        }
    }
}
