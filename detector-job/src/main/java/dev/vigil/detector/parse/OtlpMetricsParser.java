package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.MetricDatapoint;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads CloudWatch metric-stream records in the OpenTelemetry formats (1.0.0 and 0.7.0): one or
 * more {@code ExportMetricsServiceRequest} messages, each preceded by its length as an unsigned
 * varint, optionally gzip-compressed as a whole (detected by its magic bytes, as for JSON).
 *
 * <p>A message is decoded whole before any of its datapoints is emitted, so one that does not
 * decode becomes exactly one dead letter ({@code malformed_protobuf}, its length prefix and bytes)
 * and nothing else; the other messages of the record still pass. When the length prefix itself is
 * unreadable or claims more bytes than the record has left, nothing after it can be framed: the
 * rest of the record, from that prefix on, is one dead letter. A datapoint the detector cannot use
 * (a missing Namespace, a NaN, min over max, an old timestamp) is a dead letter of its own with the
 * datapoint's bytes, as a JSON line would be; the datapoints beside it pass.
 *
 * <p>A hand-written reader of just the fields CloudWatch writes rather than the generated OTLP
 * classes: measured faster in {@code scripts/bench} (see the README), it brings no protobuf runtime
 * into the job jar beside the Kinesis connector's, and it reads both versions' attributes. Not
 * thread-safe: one instance per operator subtask.
 */
public final class OtlpMetricsParser implements MetricRecordParser {
    private final ParseLimits limits;
    private final String source;
    private final OtlpDecoder decoder;
    private final Pending pending = new Pending(4096);

    public OtlpMetricsParser(ParseLimits limits, String source) {
        this.limits = limits;
        this.source = source;
        this.decoder = new OtlpDecoder(limits, source);
    }

    @Override
    public void parse(byte[] record, long now, ParseOutput<MetricDatapoint> out) {
        byte[] data = record;
        if (RecordLines.isGzip(record)) {
            try {
                data = RecordLines.inflate(record, limits.maxRecordBytes());
            } catch (IOException e) {
                out.reject(new DeadLetter(DeadLetterReason.BAD_COMPRESSION, "gzip: " + e.getMessage(), source, now, record));
                return;
            }
            if (data == null) {
                out.reject(new DeadLetter(DeadLetterReason.OVERSIZED,
                        "record inflates past " + limits.maxRecordBytes() + " bytes", source, now, record));
                return;
            }
        } else if (record.length > limits.maxRecordBytes()) {
            out.reject(new DeadLetter(DeadLetterReason.OVERSIZED,
                    "record of " + record.length + " bytes exceeds " + limits.maxRecordBytes(), source, now, record));
            return;
        }
        int pos = 0;
        for (int index = 1; pos < data.length; index++) {
            long prefix = prefix(data, pos);
            long length = prefix >> 3;
            int start = pos + (int) (prefix & 7);
            if (prefix < 0 || length > data.length - start) {
                out.reject(new DeadLetter(DeadLetterReason.MALFORMED_PROTOBUF, "message " + index + ": "
                        + (prefix < 0 ? "unreadable length prefix" : "length " + length + " exceeds the " + (data.length - start)
                        + " bytes left") + " at byte " + pos + "; the rest of the record cannot be framed",
                        source, now, Arrays.copyOfRange(data, pos, data.length)));
                return;
            }
            int end = start + (int) length;
            String problem = message(data, start, end, index, now, out);
            if (problem != null) {
                out.reject(new DeadLetter(DeadLetterReason.MALFORMED_PROTOBUF, "message " + index + ": " + problem,
                        source, now, Arrays.copyOfRange(data, pos, end)));
            }
            pos = end;
        }
    }

    /**
     * Decodes one message into {@link #pending}, emitting it only when the whole message decoded;
     * returns what is wrong with it otherwise. A message with more results than {@code pending}
     * holds (thousands of datapoints, or a hostile run of empty ones) is checked first and then
     * decoded straight out, so memory stays bounded whatever the message.
     */
    private String message(byte[] data, int start, int end, int index, long now, ParseOutput<MetricDatapoint> out) {
        pending.clear();
        try {
            decoder.decode(data, start, end, index, now, pending);
            pending.emitTo(out);
            return null;
        } catch (ProtoReader.Malformed e) {
            pending.clear();
            return e.getMessage();
        } catch (Pending.Full e) {
            pending.clear();
        }
        String problem = decoder.check(data, start, end);
        if (problem == null) {
            decoder.decode(data, start, end, index, now, out);
        }
        return problem;
    }

    /**
     * The end of the length-prefixed message at {@code pos} of {@code data}, or -1 when its prefix
     * is unreadable or claims more than is left: what a reader of whole files (the replay) frames
     * records by.
     */
    public static int frameEnd(byte[] data, int pos) {
        long prefix = prefix(data, pos);
        long length = prefix >> 3;
        int start = pos + (int) (prefix & 7);
        return prefix < 0 || length > data.length - start ? -1 : start + (int) length;
    }

    /**
     * The input units of the length-prefixed message {@code data[pos, end)} (a {@link #frameEnd}): the
     * outputs reading it gives, one per datapoint (or metric of another type) of a message that
     * decodes, one for a message that does not. What the replay's {@code records} count adds up.
     */
    public static int units(byte[] data, int pos, int end) {
        long prefix = prefix(data, pos);
        return new OtlpDecoder(ParseLimits.defaults(), "count").units(data, pos + (int) (prefix & 7), end);
    }

    /**
     * Whether {@code content} opens with a length-prefixed message that fits in it and starts as an
     * {@code ExportMetricsServiceRequest} does (field 1, length-delimited): how a file is told to
     * be OpenTelemetry rather than JSON, whose '{' would be a length prefix followed by a quote.
     */
    static boolean startsWithMessage(byte[] content) {
        long prefix = prefix(content, 0);
        long length = prefix >> 3;
        int start = (int) (prefix & 7);
        return prefix >= 0 && length > 0 && length <= content.length - start && content[start] == 0x0a;
    }

    /** Whether the first length-prefixed message of {@code content} frames and decodes whole. */
    static boolean firstMessageDecodes(byte[] content) {
        int end = frameEnd(content, 0);
        return end > 0 && new OtlpDecoder(ParseLimits.defaults(), "sniff").check(content, (int) (prefix(content, 0) & 7), end)
                == null;
    }

    /**
     * The UnsignedVarInt32 at {@code pos} shifted left by 3, with the bytes it takes (1 to 5) in
     * the low 3 bits; -1 when it is cut short or does not fit in 32 bits.
     */
    private static long prefix(byte[] b, int pos) {
        long v = 0;
        for (int i = 0; i < 5; i++) {
            if (pos + i >= b.length) {
                return -1;
            }
            int x = b[pos + i];
            v |= (long) (x & 0x7f) << (7 * i);
            if (x >= 0) {
                return v > 0xffff_ffffL ? -1 : v << 3 | (i + 1);
            }
        }
        return -1;
    }

    /** What one message gave, held until the message has decoded whole. */
    private static final class Pending implements ParseOutput<MetricDatapoint> {
        private final Object[] items;
        private int size;

        Pending(int capacity) {
            items = new Object[capacity];
        }

        @Override
        public void accept(MetricDatapoint d) {
            add(d);
        }

        @Override
        public void reject(DeadLetter d) {
            add(d);
        }

        private void add(Object o) {
            if (size == items.length) {
                throw Full.INSTANCE;
            }
            items[size++] = o;
        }

        void emitTo(ParseOutput<MetricDatapoint> out) {
            for (int i = 0; i < size; i++) {
                if (items[i] instanceof MetricDatapoint) {
                    out.accept((MetricDatapoint) items[i]);
                } else {
                    out.reject((DeadLetter) items[i]);
                }
            }
            clear();
        }

        void clear() {
            java.util.Arrays.fill(items, 0, size, null);
            size = 0;
        }

        /** More than fits: the message is read the careful way instead. */
        static final class Full extends RuntimeException {
            private static final long serialVersionUID = 1L;
            static final Full INSTANCE = new Full();

            private Full() {
                super("pending results full", null, false, false);
            }
        }
    }
}
