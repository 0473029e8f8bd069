package dev.vigil.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A Firehose HTTP endpoint delivery request body, as AWS specifies it ("HTTP Endpoint Delivery
 * Request and Response Specifications", protocol 1.0):
 * {@code {"requestId": "...", "timestamp": <ms>, "records": [{"data": "<base64>"}, ...]}}, gzip'd
 * when the stream is configured so ({@code Content-Encoding: gzip}). Read with a streaming parser:
 * the body can be a few MiB and is only walked once.
 */
final class FirehoseRequest {
    /**
     * A key given twice (two {@code records} arrays, two {@code data} values) makes a body mean two
     * things; keeping either would drop the other without a word, so it is refused.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    final String requestId;
    final long timestamp;
    final List<byte[]> records;

    private FirehoseRequest(String requestId, long timestamp, List<byte[]> records) {
        this.requestId = requestId;
        this.timestamp = timestamp;
        this.records = records;
    }

    /** Thrown for a body that is not a delivery request; the message says what is wrong. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * @param gzip     whether the body is gzip'd
     * @param maxBytes larger bodies (after inflating) are refused with 413
     */
    static FirehoseRequest parse(byte[] body, boolean gzip, long maxBytes) throws BadRequest {
        byte[] json = gzip ? gunzip(body, maxBytes) : body;
        if (json.length > maxBytes) {
            throw new BadRequest(413, "request body of " + json.length + " bytes is over " + maxBytes);
        }
        String requestId = null;
        long timestamp = -1;
        List<byte[]> records = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest(400, "body is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if ("requestId".equals(field) && t == JsonToken.VALUE_STRING) {
                    requestId = p.getText();
                } else if ("timestamp".equals(field) && t == JsonToken.VALUE_NUMBER_INT) {
                    timestamp = p.getLongValue();
                } else if ("records".equals(field) && t == JsonToken.START_ARRAY) {
                    records = readRecords(p);
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new BadRequest(400, "body is not one JSON object");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new BadRequest(400, "body is not a delivery request: " + e.getMessage());
        }
        if (records == null) {
            throw new BadRequest(400, "body has no records array");
        }
        return new FirehoseRequest(requestId, timestamp, records);
    }

    private static List<byte[]> readRecords(JsonParser p) throws IOException, BadRequest {
        List<byte[]> out = new ArrayList<>();
        Base64.Decoder base64 = Base64.getDecoder();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            byte[] data = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if ("data".equals(field) && t == JsonToken.VALUE_STRING) {
                    data = base64.decode(p.getText());
                } else {
                    p.skipChildren();
                }
            }
            if (data == null) {
                throw new BadRequest(400, "record " + out.size() + " has no base64 data");
            }
            out.add(data);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new BadRequest(400, "records is not an array of objects");
        }
        return out;
    }

    private static byte[] gunzip(byte[] body, long maxBytes) throws BadRequest {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, body.length * 4));
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > maxBytes) {
                    throw new BadRequest(413, "request body inflates to more than " + maxBytes + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new BadRequest(400, "Content-Encoding is gzip but the body does not inflate: " + e.getMessage());
        }
    }
}
