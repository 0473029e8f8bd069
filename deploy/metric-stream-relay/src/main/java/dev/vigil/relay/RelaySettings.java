package dev.vigil.relay;

import java.util.Map;

/**
 * The relay's settings, read once: in Lambda from the function's environment (set by the
 * template), locally from {@code scripts/relay}'s arguments. A bad value fails at start, naming it.
 *
 * <table>
 * <tr><td>STREAM</td><td>required</td><td>the metrics Kinesis stream, name or ARN</td></tr>
 * <tr><td>ACCESS_KEY</td><td>required</td><td>what Firehose sends in X-Amz-Firehose-Access-Key</td></tr>
 * <tr><td>FORMAT</td><td>json</td><td>the metric stream's output format: json, opentelemetry1.0, opentelemetry0.7</td></tr>
 * <tr><td>PARTITION_BUCKETS</td><td>256</td><td>partition keys series are hashed onto (at least the shard count)</td></tr>
 * <tr><td>RETRY_BUDGET_MS</td><td>60000</td><td>time spent retrying refused entries before answering 503</td></tr>
 * <tr><td>MAX_REQUEST_BYTES</td><td>67108864</td><td>larger bodies (after gzip) are refused with 413</td></tr>
 * <tr><td>AWS_REGION, KINESIS_ENDPOINT</td><td></td><td>region (Lambda sets it) and an emulator's URL</td></tr>
 * </table>
 */
public final class RelaySettings {
    final String stream;
    final String accessKey;
    final String format;
    final int partitionBuckets;
    final long retryBudgetMs;
    final long baseBackoffMs;
    final long maxBackoffMs;
    final long maxRequestBytes;
    final String region;
    final String endpoint;

    RelaySettings(String stream, String accessKey, String format, int partitionBuckets, long retryBudgetMs,
                  long baseBackoffMs, long maxBackoffMs, long maxRequestBytes, String region, String endpoint) {
        this.stream = require("STREAM", stream);
        this.accessKey = require("ACCESS_KEY", accessKey);
        if (!format.equals("json") && !format.equals("opentelemetry1.0") && !format.equals("opentelemetry0.7")) {
            throw new IllegalArgumentException("FORMAT: expected json, opentelemetry1.0 or opentelemetry0.7, was " + format);
        }
        this.format = format;
        if (partitionBuckets < 1 || partitionBuckets > 1_000_000) {
            throw new IllegalArgumentException("PARTITION_BUCKETS: expected 1 to 1000000, was " + partitionBuckets);
        }
        this.partitionBuckets = partitionBuckets;
        this.retryBudgetMs = retryBudgetMs;
        this.baseBackoffMs = baseBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.maxRequestBytes = maxRequestBytes;
        this.region = region == null || region.isEmpty() ? "us-east-1" : region;
        this.endpoint = endpoint == null || endpoint.isEmpty() ? null : endpoint;
    }

    /** From environment-style names (the Lambda's environment, or the local server's options mapped to them). */
    public static RelaySettings fromEnv(Map<String, String> env) {
        return new RelaySettings(env.get("STREAM"), env.get("ACCESS_KEY"), env.getOrDefault("FORMAT", "json"),
                intOf(env, "PARTITION_BUCKETS", 256), longOf(env, "RETRY_BUDGET_MS", 60_000), 100, 5_000,
                longOf(env, "MAX_REQUEST_BYTES", 64L * 1024 * 1024), env.get("AWS_REGION"), env.get("KINESIS_ENDPOINT"));
    }

    /** Settings for tests: no waiting to speak of. */
    static RelaySettings forTest(String stream, String accessKey, int buckets, long retryBudgetMs) {
        return new RelaySettings(stream, accessKey, "json", buckets, retryBudgetMs, 1, 5, 64L * 1024 * 1024, null, null);
    }

    public String stream() {
        return stream;
    }

    public String region() {
        return region;
    }

    public String endpoint() {
        return endpoint;
    }

    private static String require(String name, String v) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    private static int intOf(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        try {
            return v == null || v.isEmpty() ? dflt : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected an integer, was " + v);
        }
    }

    private static long longOf(Map<String, String> env, String name, long dflt) {
        String v = env.get(name);
        try {
            return v == null || v.isEmpty() ? dflt : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected an integer, was " + v);
        }
    }
}
