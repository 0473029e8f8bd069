package dev.vigil.bench;

import dev.vigil.detector.parse.MetricStreamParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * State per watched series, measured as what the job keeps: the fleet's datapoints go through the
 * same plain classes the keyed function drives (rule matching, one {@link ResourceDetector} per
 * resource, periods evaluated as time passes), then each resource is serialised exactly as the
 * function stores it. The figure adds to those bytes what the heap state backend holds besides
 * them: the key string, the byte array header, the state-map entry and one event-time timer.
 */
final class StateSize {
    /** Heap state backend, per key: byte[] header 16, CopyOnWriteStateMap entry ~40, timer ~48 (entry + heap slot). */
    static final int PER_KEY_OVERHEAD = 16 + 40 + 48;

    final long resources;
    final long series;
    final long serializedBytes;
    final long keyBytes;
    /** Resource values read and written per routed datapoint, weighted by each resource's datapoints. */
    final double valueBytesPerDatapoint;

    private StateSize(long resources, long series, long serializedBytes, long keyBytes, double valueBytesPerDatapoint) {
        this.valueBytesPerDatapoint = valueBytesPerDatapoint;
        this.resources = resources;
        this.series = series;
        this.serializedBytes = serializedBytes;
        this.keyBytes = keyBytes;
    }

    /**
     * What the keyed function's state round trip moves per datapoint: it reads its resource's whole
     * value and writes it back, so each datapoint costs the value's size twice over (once read,
     * once written); this is the size, at the end of the run.
     */
    double valueBytesPerDatapoint() {
        return valueBytesPerDatapoint;
    }

    double bytesPerSeries() {
        return (serializedBytes + keyBytes + resources * (double) PER_KEY_OVERHEAD) / series;
    }

    static StateSize measure(Fleet fleet) throws IOException {
        RuleSet rules = RuleSet.loadDefault();
        RuleMatcher matcher = new RuleMatcher(rules);
        MetricStreamParser parser = new MetricStreamParser(ParseLimits.defaults().withoutTimeChecks(), "bench");
        Map<String, ResourceDetector> detectors = new HashMap<>();
        Map<String, long[]> routed = new HashMap<>();
        java.util.Set<String> keysOfDatapoint = new java.util.HashSet<>();
        List<MetricDatapoint> batch = new ArrayList<>();
        long minute = Long.MIN_VALUE;
        for (byte[] record : fleet.records) {
            batch.clear();
            parser.parse(record, Fleet.T0, new ParseOutput<MetricDatapoint>() {
                @Override
                public void accept(MetricDatapoint dp) {
                    batch.add(dp);
                }

                @Override
                public void reject(DeadLetter dead) {
                    throw new IllegalStateException("generated fleet has a bad line: " + dead.getMessage());
                }
            });
            for (MetricDatapoint dp : batch) {
                if (dp.getTimestamp() > minute) {
                    // A new minute: as the watermark would, close the periods that ended.
                    long watermark = dp.getTimestamp() - 1;
                    for (ResourceDetector d : detectors.values()) {
                        d.advance(watermark, 0, null);
                    }
                    minute = dp.getTimestamp();
                }
                keysOfDatapoint.clear();
                matcher.forEachMatch(dp, (rule, role, id) -> {
                    String key = ResourceKey.key(dp.getAccount(), dp.getRegion(), id);
                    detectors.computeIfAbsent(key, k -> new ResourceDetector(ResourceKey.parse(k), null))
                            .accept(rule, role, dp);
                    keysOfDatapoint.add(key);
                });
                // The job routes a datapoint once to each resource it feeds, and each copy reads and writes that resource.
                for (String key : keysOfDatapoint) {
                    routed.computeIfAbsent(key, k -> new long[1])[0]++;
                }
            }
        }
        DataOutputSerializer out = new DataOutputSerializer(1024);
        long bytes = 0;
        long keys = 0;
        long series = 0;
        double weighted = 0;
        long datapoints = 0;
        for (Map.Entry<String, ResourceDetector> e : detectors.entrySet()) {
            out.clear();
            e.getValue().writeTo(out);
            bytes += out.length();
            // A String key on the heap: 24-byte object header and fields, 16-byte array header, Latin-1 bytes.
            keys += 40 + e.getKey().getBytes(StandardCharsets.ISO_8859_1).length;
            series += e.getValue().seriesCount();
            long n = routed.getOrDefault(e.getKey(), new long[1])[0];
            weighted += (double) n * out.length();
            datapoints += n;
        }
        return new StateSize(detectors.size(), series, bytes, keys, datapoints == 0 ? 0 : weighted / datapoints);
    }
}
