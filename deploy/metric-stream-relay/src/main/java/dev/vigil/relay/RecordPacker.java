package dev.vigil.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packs a delivery's metric-stream lines into Kinesis records. Every line of one series (account,
 * region, namespace, metric, dimensions) gets the same partition key, one of {@code buckets}, so
 * the series lands on one shard; lines are joined by newlines into as few records as fit Kinesis'
 * 1 MiB (data plus key), never split. The detector reads batched lines per record, so many small
 * series share a record instead of costing one each.
 *
 * <p>Grouping by key must not reorder time: the detector's watermark trails the newest timestamp
 * of a shard by its out-of-orderness bound (30 s), so a line moved ahead of older lines of other
 * series would make those late. The delivery is therefore cut into segments of consecutive lines
 * whose timestamps lie within {@code toleranceMs} of each other (a metric stream's minute-stamped
 * lines: one segment per run of one minute); lines are grouped by key only within a segment, and
 * the writer finishes a segment before it starts the next.
 *
 * <p>A line that is not a metric-stream object is passed on all the same (under a key of its
 * bytes), so the detector dead-letters it with its bytes: the relay drops nothing.
 *
 * <p>OpenTelemetry output is length-delimited protobuf, not lines: its records are passed whole,
 * concatenated under the request's key (one shard, so their order holds), as the stream wrote them.
 */
final class RecordPacker {
    /** Kinesis' limit for one record: data and partition key together. */
    static final int MAX_RECORD_BYTES = 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    /** Lines this close in time may be regrouped by key; a third of the detector's default bound. */
    static final long TOLERANCE_MS = 10_000;

    private final int buckets;
    private final boolean lines;
    private final int maxRecordBytes;
    private final long toleranceMs;

    /**
     * @param format json (lines) or an OpenTelemetry format (opaque records)
     */
    RecordPacker(int buckets, String format, int maxRecordBytes) {
        this(buckets, format, maxRecordBytes, TOLERANCE_MS);
    }

    RecordPacker(int buckets, String format, int maxRecordBytes, long toleranceMs) {
        this.toleranceMs = toleranceMs;
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be at least 1, was " + buckets);
        }
        this.buckets = buckets;
        this.lines = "json".equalsIgnoreCase(format);
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Thrown when a unit of input cannot fit one Kinesis record. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /**
     * What a delivery became: segments to write one after the other, each records by partition
     * key (a key's in write order), and how many lines (or records) they hold.
     */
    static final class Packed {
        final List<Map<String, List<byte[]>>> segments;
        final int units;

        Packed(List<Map<String, List<byte[]>>> segments, int units) {
            this.segments = segments;
            this.units = units;
        }

        int recordCount() {
            int n = 0;
            for (Map<String, List<byte[]>> s : segments) {
                for (List<byte[]> r : s.values()) {
                    n += r.size();
                }
            }
            return n;
        }
    }

    Packed pack(List<byte[]> firehoseRecords, String requestId) throws TooLarge {
        List<Map<String, List<byte[]>>> segments = new ArrayList<>();
        Map<String, Builder> byKey = new LinkedHashMap<>();
        long segmentMin = Long.MAX_VALUE;
        long segmentMax = Long.MIN_VALUE;
        int count = 0;
        for (int r = 0; r < firehoseRecords.size(); r++) {
            byte[] data = firehoseRecords.get(r);
            if (!lines) {
                String key = "otel-" + (requestId == null ? "none" : requestId);
                add(byKey, key, data, 0, data.length, "record " + r);
                count++;
                continue;
            }
            int start = 0;
            for (int i = 0; i <= data.length; i++) {
                if (i == data.length || data[i] == '\n') {
                    int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                    if (end > start && !blank(data, start, end)) {
                        Series series = Series.of(data, start, end);
                        if (series != null) {
                            long min = Math.min(segmentMin, series.timestamp);
                            long max = Math.max(segmentMax, series.timestamp);
                            if (!byKey.isEmpty() && max - min > toleranceMs) {
                                segments.add(finish(byKey));
                                byKey = new LinkedHashMap<>();
                                min = series.timestamp;
                                max = series.timestamp;
                            }
                            segmentMin = min;
                            segmentMax = max;
                        }
                        add(byKey, partitionKey(series, data, start, end), data, start, end,
                                "line " + count + " (record " + r + ")");
                        count++;
                    }
                    start = i + 1;
                }
            }
        }
        if (!byKey.isEmpty()) {
            segments.add(finish(byKey));
        }
        return new Packed(segments, count);
    }

    private static Map<String, List<byte[]>> finish(Map<String, Builder> byKey) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Builder> e : byKey.entrySet()) {
            out.put(e.getKey(), e.getValue().finish());
        }
        return out;
    }

    private void add(Map<String, Builder> byKey, String key, byte[] data, int start, int end, String what) throws TooLarge {
        int limit = maxRecordBytes - key.length();
        if (end - start > limit) {
            throw new TooLarge(what + " is " + (end - start) + " bytes, over Kinesis' record limit of " + limit);
        }
        byKey.computeIfAbsent(key, k -> new Builder(limit, lines)).add(data, start, end);
    }

    private static boolean blank(byte[] data, int start, int end) {
        for (int i = start; i < end; i++) {
            if (data[i] != ' ' && data[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The series' bucket; a line that does not parse keys on its bytes. */
    String partitionKey(Series series, byte[] data, int start, int end) {
        int h = series != null ? series.key.hashCode()
                : java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(data, start, end));
        return "m-" + Math.floorMod(h, buckets);
    }

    /** What names a line's series, and its timestamp. */
    static final class Series {
        /** account|region|namespace|metric|dim=value,... (dimensions sorted). */
        final String key;
        final long timestamp;

        private Series(String key, long timestamp) {
            this.key = key;
            this.timestamp = timestamp;
        }

        /** Null when the line is not a metric-stream object with a namespace, metric name and timestamp. */
        static Series of(byte[] data, int start, int end) {
            String account = "";
            String region = "";
            String namespace = null;
            String metric = null;
            long timestamp = Long.MIN_VALUE;
            Map<String, String> dims = new TreeMap<>();
            try (JsonParser p = JSON.createParser(data, start, end - start)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.VALUE_STRING && "account_id".equals(f)) {
                        account = p.getText();
                    } else if (t == JsonToken.VALUE_STRING && "region".equals(f)) {
                        region = p.getText();
                    } else if (t == JsonToken.VALUE_STRING && "namespace".equals(f)) {
                        namespace = p.getText();
                    } else if (t == JsonToken.VALUE_STRING && "metric_name".equals(f)) {
                        metric = p.getText();
                    } else if (t == JsonToken.VALUE_NUMBER_INT && "timestamp".equals(f)) {
                        timestamp = p.getLongValue();
                    } else if (t == JsonToken.START_OBJECT && "dimensions".equals(f)) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            p.nextToken();
                            dims.put(name, p.getValueAsString(""));
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException e) {
                return null;
            }
            if (namespace == null || metric == null || timestamp == Long.MIN_VALUE) {
                return null;
            }
            StringBuilder b = new StringBuilder(64).append(account).append('|').append(region).append('|')
                    .append(namespace).append('|').append(metric).append('|');
            for (Map.Entry<String, String> d : dims.entrySet()) {
                b.append(d.getKey()).append('=').append(d.getValue()).append(',');
            }
            return new Series(b.toString(), timestamp);
        }
    }

    /** One key's records: lines (or opaque records) appended until the next would not fit. */
    private static final class Builder {
        private final int limit;
        private final boolean newlines;
        private final List<byte[]> done = new ArrayList<>(1);
        private final ByteArrayOutputStream current = new ByteArrayOutputStream(4096);

        Builder(int limit, boolean newlines) {
            this.limit = limit;
            this.newlines = newlines;
        }

        void add(byte[] data, int start, int end) {
            int sep = newlines && current.size() > 0 ? 1 : 0;
            if (current.size() + sep + (end - start) > limit) {
                done.add(current.toByteArray());
                current.reset();
                sep = 0;
            }
            if (sep == 1) {
                current.write('\n');
            }
            current.write(data, start, end - start);
        }

        List<byte[]> finish() {
            if (current.size() > 0) {
                done.add(current.toByteArray());
            }
            return done;
        }
    }
}
