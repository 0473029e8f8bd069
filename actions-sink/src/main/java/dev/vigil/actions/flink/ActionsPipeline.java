package dev.vigil.actions.flink;

import dev.vigil.actions.config.ActionsConfig;
import dev.vigil.common.flink.Uids;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.Impairment;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.concurrent.TimeUnit;

/**
 * Impairments in, action outcomes out:
 * <pre>
 *   impairments ─keyBy(fleet)─▶ execute actions (async, one lane per fleet) ─▶ outcomes
 *                                  │ plan → gate → claim (DynamoDB) → AWS call → record
 * </pre>
 * The job supplies the streams (Kinesis, or the detector's impairments in the same job), so tests
 * and the demo run exactly this.
 */
public final class ActionsPipeline {
    private ActionsPipeline() {}

    public static DataStream<ActionOutcome> build(DataStream<Impairment> impairments, ActionsConfig config) {
        // Unordered: outcomes of different fleets need no order, and a fleet's lane already
        // completes its impairments in arrival order.
        return AsyncDataStream.unorderedWait(impairments.keyBy(new FleetKey()), new ExecuteActionsFunction(config),
                        config.timeoutMs, TimeUnit.MILLISECONDS, config.capacity)
                .uid(Uids.EXECUTE_ACTIONS).name("Recovery actions");
    }
}
