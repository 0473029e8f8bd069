package dev.vigil.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Firehose deliveries of a CloudWatch metric stream (JSON output format) as AWS documents them:
 * headers X-Amz-Firehose-Request-Id, -Access-Key, -Protocol-Version 1.0 and Content-Type
 * application/json, optionally a gzip body; the body {requestId, timestamp, records: [{data}]},
 * each record's data several newline-separated metric-stream lines.
 */
final class Deliveries {
    static final String KEY = "test-access-key";

    private Deliveries() {}

    /** A metric-stream line as CloudWatch writes it in JSON output format. */
    static String line(String instance, String metric, long timestamp, double value) {
        return "{\"metric_stream_name\":\"vigil\",\"account_id\":\"111122223333\",\"region\":\"us-east-1\","
                + "\"namespace\":\"AWS/EC2\",\"metric_name\":\"" + metric + "\",\"dimensions\":{\"InstanceId\":\""
                + instance + "\"},\"timestamp\":" + timestamp + ",\"value\":{\"max\":" + value + ",\"min\":" + value
                + ",\"sum\":" + value + ",\"count\":1.0},\"unit\":\"Percent\"}";
    }

    /** {@code perRecord} lines per Firehose record. */
    static List<byte[]> records(List<String> lines, int perRecord) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += perRecord) {
            out.add((String.join("\n", lines.subList(i, Math.min(lines.size(), i + perRecord))) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    static String body(String requestId, List<byte[]> records) {
        StringBuilder b = new StringBuilder("{\"requestId\":\"").append(requestId).append("\",\"timestamp\":1700000000123,\"records\":[");
        for (int i = 0; i < records.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"data\":\"").append(Base64.getEncoder().encodeToString(records.get(i)))
                    .append("\"}");
        }
        return b.append("]}").toString();
    }

    static Map<String, String> headers(String requestId, String accessKey, boolean gzip) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("X-Amz-Firehose-Request-Id", requestId);
        h.put("X-Amz-Firehose-Protocol-Version", "1.0");
        h.put("X-Amz-Firehose-Source-Arn", "arn:aws:firehose:us-east-1:111122223333:deliverystream/vigil-metrics");
        h.put("Content-Type", "application/json");
        if (accessKey != null) {
            h.put("X-Amz-Firehose-Access-Key", accessKey);
        }
        if (gzip) {
            h.put("Content-Encoding", "gzip");
        }
        return h;
    }

    static byte[] bodyBytes(String body, boolean gzip) {
        byte[] plain = body.getBytes(StandardCharsets.UTF_8);
        if (!gzip) {
            return plain;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static HttpExchange.Request request(String requestId, String accessKey, boolean gzip, List<byte[]> records) {
        return new HttpExchange.Request("POST", headers(requestId, accessKey, gzip),
                bodyBytes(body(requestId, records), gzip));
    }

    /** {@code series} instances × {@code minutes} minutes of CPU, minute by minute. */
    static List<String> fleet(int series, int minutes) {
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            for (int s = 0; s < series; s++) {
                lines.add(line("i-" + s, "CPUUtilization", 1700000000000L + m * 60_000L, m + s / 1000.0));
            }
        }
        return lines;
    }
}
