package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;

import java.util.List;

/**
 * Harnesses of the keyed detector functions as the job runs them: the keyed input first, the live
 * rules broadcast second ({@code processElement2}). The watermark is the lower of both inputs',
 * as in the job, where the rules stream's is the end of time: tests advance both.
 */
public final class BroadcastHarness {
    private BroadcastHarness() {}

    public static KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, Either<MetricDatapoint, HealthEvent>>,
            RulesUpdate, Impairment> detector(ResourceDetectorFunction fn) throws Exception {
        return keyed(fn);
    }

    public static KeyedTwoInputStreamOperatorTestHarness<String, Tuple2<String, MetricDatapoint>, RulesUpdate, Impairment>
            peers(PeerOutlierFunction fn) throws Exception {
        return keyed(fn);
    }

    private static <T extends Tuple2<String, ?>> KeyedTwoInputStreamOperatorTestHarness<String, T, RulesUpdate, Impairment>
            keyed(KeyedBroadcastProcessFunction<String, T, RulesUpdate, Impairment> fn) throws Exception {
        // (the broadcast side is applied to no key: its key selector is never asked for one that matters)
        return new KeyedTwoInputStreamOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(fn, List.of(LiveRules.STATE)),
                t -> t.f0, u -> "", Types.STRING);
    }
}
