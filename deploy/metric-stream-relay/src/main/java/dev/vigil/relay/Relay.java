package dev.vigil.relay;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.LongSupplier;

/**
 * The relay: a Firehose HTTP endpoint that writes a CloudWatch metric stream's lines to a Kinesis
 * data stream (metric streams deliver only to Firehose, and Firehose cannot write to a Kinesis data
 * stream). It answers as AWS's "HTTP Endpoint Delivery Request and Response Specifications"
 * require: 200 with {@code {"requestId", "timestamp"}} (milliseconds) once every line is in
 * Kinesis; otherwise an error status with an {@code errorMessage} as well, and Firehose retries the
 * whole request (the detector drops the lines it already counted) until its retry duration ends,
 * then keeps the records in the stream's S3 backup. A request without the configured access key
 * is refused (401 missing, 403 wrong) before anything is written.
 *
 * <p>Plain Java: the Lambda function URL adapter ({@link LambdaHandler}) and the local server
 * ({@link LocalRelayServer}) hand it requests.
 */
public final class Relay {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    private final RelaySettings settings;
    private final RecordPacker packer;
    private final OrderedWriter writer;
    private final LongSupplier clock;
    private final byte[] accessKey;

    public Relay(RelaySettings settings, Kinesis kinesis) {
        this(settings, kinesis, Thread::sleep, System::currentTimeMillis);
    }

    Relay(RelaySettings settings, Kinesis kinesis, OrderedWriter.Sleeper sleeper, LongSupplier clock) {
        this.settings = settings;
        this.packer = new RecordPacker(settings.partitionBuckets, settings.format, RecordPacker.MAX_RECORD_BYTES);
        this.writer = new OrderedWriter(kinesis, settings.stream, settings.retryBudgetMs, settings.baseBackoffMs,
                settings.maxBackoffMs, sleeper);
        this.clock = clock;
        this.accessKey = settings.accessKey.getBytes(StandardCharsets.UTF_8);
    }

    public HttpExchange.Response handle(HttpExchange.Request request) {
        String requestId = request.header("X-Amz-Firehose-Request-Id");
        if (!"POST".equals(request.method)) {
            return answer(405, requestId, "only POST is accepted");
        }
        String key = request.header("X-Amz-Firehose-Access-Key");
        if (key == null || key.isEmpty()) {
            LOG.warn("request {} refused: no X-Amz-Firehose-Access-Key", requestId);
            return answer(401, requestId, "missing X-Amz-Firehose-Access-Key");
        }
        // Constant time: the key is the function URL's only protection (Firehose cannot sign requests).
        if (!MessageDigest.isEqual(accessKey, key.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("request {} refused: wrong access key", requestId);
            return answer(403, requestId, "wrong X-Amz-Firehose-Access-Key");
        }
        String version = request.header("X-Amz-Firehose-Protocol-Version");
        if (version != null && !version.startsWith("1.")) {
            return answer(400, requestId, "unsupported X-Amz-Firehose-Protocol-Version " + version);
        }
        String encoding = request.header("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            return answer(415, requestId, "unsupported Content-Encoding " + encoding);
        }
        FirehoseRequest delivery;
        try {
            delivery = FirehoseRequest.parse(request.body, gzip, settings.maxRequestBytes);
        } catch (FirehoseRequest.BadRequest e) {
            LOG.warn("request {} refused: {}", requestId, e.getMessage());
            return answer(e.status, requestId, e.getMessage());
        }
        if (requestId == null) {
            requestId = delivery.requestId;
        } else if (delivery.requestId != null && !delivery.requestId.equals(requestId)) {
            return answer(400, requestId, "body requestId " + delivery.requestId + " differs from the header's");
        }
        RecordPacker.Packed packed;
        try {
            packed = packer.pack(delivery.records, requestId);
        } catch (RecordPacker.TooLarge e) {
            // Nothing written: Firehose retries, then puts the request's records in its S3 backup.
            LOG.error("request {} refused: {}", requestId, e.getMessage());
            return answer(413, requestId, e.getMessage());
        }
        try {
            int calls = writer.write(packed.segments);
            LOG.info("request {}: {} records, {} lines, {} Kinesis records in {} PutRecords calls", requestId,
                    delivery.records.size(), packed.units, packed.recordCount(), calls);
            return answer(200, requestId, null);
        } catch (OrderedWriter.Incomplete e) {
            LOG.error("request {}: {} of {} Kinesis records written: {}", requestId, e.written, e.written + e.remaining,
                    e.getMessage());
            return answer(503, requestId, "not every line reached Kinesis: " + e.getMessage());
        }
    }

    /** An answer to a request that never got as far as {@link #handle} (its adapter could not read it). */
    public HttpExchange.Response refuse(int status, String error) {
        LOG.warn("request refused: {}", error);
        return answer(status, null, error);
    }

    /** The body Firehose requires: the request's id, the time in milliseconds, and why when failing. */
    private HttpExchange.Response answer(int status, String requestId, String error) {
        StringBuilder b = new StringBuilder(96).append("{\"requestId\":");
        if (requestId == null) {
            b.append("null");
        } else {
            b.append('"').append(JsonStringEncoder.getInstance().quoteAsString(requestId)).append('"');
        }
        b.append(",\"timestamp\":").append(clock.getAsLong());
        if (error != null) {
            b.append(",\"errorMessage\":\"").append(JsonStringEncoder.getInstance().quoteAsString(error)).append('"');
        }
        return new HttpExchange.Response(status, b.append('}').toString());
    }
}
