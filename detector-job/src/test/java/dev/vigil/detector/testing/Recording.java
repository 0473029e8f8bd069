package dev.vigil.detector.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * A recording of metric-stream and EventBridge lines, cut into Kinesis-sized records the way a
 * relay batches them (several lines per record, every other batch gzip-compressed).
 */
public final class Recording {
    public static final String DEMO = "recordings/demo/";
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":(\\d+)");

    private final List<String> metricLines;
    private final List<String> eventLines;

    public Recording(List<String> metricLines, List<String> eventLines) {
        this.metricLines = metricLines;
        this.eventLines = eventLines;
    }

    /** The incident bundled with the job (see scripts/gen-demo-recording.py). */
    public static Recording demo() {
        return new Recording(classpathLines(DEMO + "metrics.ndjson"), classpathLines(DEMO + "events.ndjson"));
    }

    public List<String> metricLines() {
        return metricLines;
    }

    public List<String> eventLines() {
        return eventLines;
    }

    /** Metric lines batched {@code perRecord} to a record; every other record gzip'd. */
    public List<byte[]> metricRecords(int perRecord) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < metricLines.size(); i += perRecord) {
            String batch = String.join("\n", metricLines.subList(i, Math.min(i + perRecord, metricLines.size())));
            byte[] bytes = batch.getBytes(StandardCharsets.UTF_8);
            records.add((i / perRecord) % 2 == 1 ? gzip(bytes) : bytes);
        }
        return records;
    }

    /** The newest metric timestamp in the recording. */
    public long lastMetricTimestamp() {
        return metricLines.stream().map(TIMESTAMP::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).max().orElseThrow();
    }

    /**
     * A metric-stream line no rule watches, at {@code timestamp}. A live metric stream never stops
     * but a recording does: once it is read, the watermark waits for the next input (an idle
     * source holds it where it was), and what waits on event time (periods closing, fleet members
     * held until the watermark) waits with it. A test sends these, later and later, to stand for
     * the stream going on.
     */
    public static byte[] unwatchedDatapoint(long timestamp) {
        return ("{\"metric_stream_name\":\"vigil-metrics\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\","
                + "\"namespace\":\"Vigil/Test\",\"metric_name\":\"Heartbeat\",\"dimensions\":{\"Source\":\"test\"},"
                + "\"timestamp\":" + timestamp + ",\"value\":{\"max\":1.0,\"min\":1.0,\"sum\":1.0,\"count\":1.0},"
                + "\"unit\":\"Count\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** One event per record, as EventBridge delivers to a Kinesis target. */
    public List<byte[]> eventRecords() {
        List<byte[]> records = new ArrayList<>();
        for (String e : eventLines) {
            records.add(e.getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    static List<String> classpathLines(String path) {
        try (InputStream in = Recording.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled recording " + path);
            }
            List<String> lines = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gzip, as a relay compresses records. */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
