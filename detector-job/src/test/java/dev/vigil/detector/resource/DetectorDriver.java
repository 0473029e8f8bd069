package dev.vigil.detector.resource;

import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One resource's detector driven as the Flink function drives it: datapoints and events in,
 * watermarks, and the state written to bytes and read back after every step.
 */
final class DetectorDriver {
    static final RuleSet RULES = RuleSet.loadDefault();
    private static final RuleMatcher MATCHER = new RuleMatcher(RULES);

    final String resourceId;
    final ResourceKey key;
    ResourceDetector detector;
    final List<Impairment> emitted = new ArrayList<>();
    private long emitTime;

    DetectorDriver(String resourceId) {
        this.resourceId = resourceId;
        this.key = ResourceKey.of(TestEvents.ACCOUNT, TestEvents.REGION, resourceId);
        this.detector = new ResourceDetector(key, null);
    }

    DetectorDriver datapoint(String namespace, String metric, long ts, double value, String... dimensions) {
        MetricDatapoint.Builder b = MetricDatapoint.builder().account(TestEvents.ACCOUNT).region(TestEvents.REGION)
                .namespace(namespace).metricName(metric).timestamp(ts)
                .statistic("max", value).statistic("min", value).statistic("sum", value).statistic("count", 1);
        for (int i = 0; i < dimensions.length; i += 2) {
            b.dimension(dimensions[i], dimensions[i + 1]);
        }
        MetricDatapoint dp = b.build();
        MATCHER.forEachMatch(dp, (rule, role, id) -> {
            if (id.equals(resourceId)) {
                detector.accept(rule, role, dp);
            }
        });
        return this;
    }

    /** StatusCheckFailed_System of this instance. */
    DetectorDriver statusCheck(long ts, double failed) {
        return datapoint("AWS/EC2", "StatusCheckFailed_System", ts, failed, "InstanceId", resourceId);
    }

    DetectorDriver event(HealthEvent e) {
        detector.addEvent(e);
        return this;
    }

    /** Advances to the watermark; returns what it emitted. */
    List<Impairment> advance(long watermark) {
        List<Impairment> out = detector.advance(watermark, ++emitTime, null);
        emitted.addAll(out);
        detector = roundTrip(detector);
        return out;
    }

    /** Advances without writing the state in between (a fresh detector, as in one element's processing). */
    List<Impairment> advanceInPlace(long watermark) {
        List<Impairment> out = detector.advance(watermark, ++emitTime, null);
        emitted.addAll(out);
        return out;
    }

    byte[] bytes() {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            detector.writeTo(out);
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ResourceDetector read(byte[] bytes) {
        try {
            return ResourceDetector.readFrom(key, RULES, new DataInputDeserializer(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ResourceDetector roundTrip(ResourceDetector d) {
        detector = d;
        return read(bytes());
    }

    Impairment last() {
        return emitted.get(emitted.size() - 1);
    }
}
