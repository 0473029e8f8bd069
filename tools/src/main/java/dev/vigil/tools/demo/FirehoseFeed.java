package dev.vigil.tools.demo;

import dev.vigil.detector.testing.LocalAws;
import dev.vigil.schemas.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's input as it reaches AWS: the metric lines as Firehose deliveries of a metric stream
 * (records of a few newline-separated lines, several records a request) for the relay, and the
 * events as EventBridge rules put them into the events stream, in time with the metrics.
 */
final class FirehoseFeed {
    private FirehoseFeed() {}

    /** Lines in Firehose records of {@code perRecord} lines, {@code perDelivery} records to a request. */
    static List<List<byte[]>> deliveries(List<String> lines, int perRecord, int perDelivery) {
        List<List<byte[]>> out = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += perRecord) {
            String data = String.join("\n", lines.subList(i, Math.min(lines.size(), i + perRecord))) + "\n";
            current.add(data.getBytes(StandardCharsets.UTF_8));
            if (current.size() == perDelivery) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** Puts (and removes) the events up to {@code through}, one a record, keyed by their first resource. */
    static void putEventsUpTo(LocalAws aws, String stream, List<String> pending, long through) throws Exception {
        List<byte[]> records = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        while (!pending.isEmpty()) {
            String e = pending.get(0);
            long t;
            try {
                t = Instant.parse(Json.MAPPER.readTree(e).path("time").asText()).toEpochMilli();
            } catch (Exception notAnEvent) {
                t = Long.MIN_VALUE; // a broken event line goes at once; the detector dead-letters it
            }
            if (t > through) {
                break;
            }
            pending.remove(0);
            records.add(e.getBytes(StandardCharsets.UTF_8));
            keys.add("event-" + keys.size() + "-" + Math.abs(e.hashCode()));
        }
        if (!records.isEmpty()) {
            aws.put(stream, records, keys);
        }
    }

    /** The newest datapoint timestamp in a delivery. */
    static long maxTimestamp(List<byte[]> records) {
        long max = Long.MIN_VALUE;
        for (byte[] r : records) {
            for (String line : new String(r, StandardCharsets.UTF_8).split("\n")) {
                try {
                    max = Math.max(max, Json.MAPPER.readTree(line).path("timestamp").asLong(Long.MIN_VALUE));
                } catch (Exception broken) {
                    // not a datapoint: no time
                }
            }
        }
        return max;
    }

    static void send(RelayProcess relay, String requestId, List<byte[]> records) throws Exception {
        int status = relay.deliver(requestId, records);
        if (status != 200) {
            throw new IllegalStateException("the relay answered " + status + "; see target/demo/relay.log");
        }
    }

    /** The first delivery from {@code from} on (not the last) whose every line is a JSON object, or -1. */
    static int firstClean(List<List<byte[]>> deliveries, int from) {
        for (int d = from; d < deliveries.size() - 1; d++) {
            boolean clean = true;
            for (byte[] r : deliveries.get(d)) {
                for (String line : new String(r, StandardCharsets.UTF_8).split("\n")) {
                    try {
                        clean &= Json.MAPPER.readTree(line).isObject();
                    } catch (Exception e) {
                        clean = false;
                    }
                }
            }
            if (clean) {
                return d;
            }
        }
        return -1;
    }

}
