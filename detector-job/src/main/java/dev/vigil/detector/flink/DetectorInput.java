package dev.vigil.detector.flink;

import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.HealthEventTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;

/**
 * The resource detector's one keyed input: (resource key, a datapoint or an event). One input,
 * because the other is the rules broadcast ({@code KeyedBroadcastProcessFunction} has two).
 */
public final class DetectorInput {
    private DetectorInput() {}

    public static final TypeInformation<Tuple2<String, Either<MetricDatapoint, HealthEvent>>> TYPE =
            Types.TUPLE(Types.STRING, new EitherTypeInfo<>(MetricDatapointTypeInfoFactory.TYPE_INFO,
                    HealthEventTypeInfoFactory.TYPE_INFO));

    public static Tuple2<String, Either<MetricDatapoint, HealthEvent>> of(String key, MetricDatapoint dp) {
        return Tuple2.of(key, Either.Left(dp));
    }

    public static Tuple2<String, Either<MetricDatapoint, HealthEvent>> of(String key, HealthEvent e) {
        return Tuple2.of(key, Either.Right(e));
    }
}
