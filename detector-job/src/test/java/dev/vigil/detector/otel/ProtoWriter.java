package dev.vigil.detector.otel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protobuf wire format written by hand, field by field, with no generated class: how a test
 * builds a record exactly as a document shows it, or breaks one on purpose.
 */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtoWriter varint(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    public ProtoWriter tag(int field, int wireType) {
        return varint((long) field << 3 | wireType);
    }

    public ProtoWriter fixed64(int field, long v) {
        tag(field, 1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    public ProtoWriter double64(int field, double v) {
        return fixed64(field, Double.doubleToRawLongBits(v));
    }

    public ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2).varint(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    public ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter message(int field, ProtoWriter m) {
        return bytes(field, m.toByteArray());
    }

    /** Bytes as they are, framing included: for records and deliberate damage. */
    public ProtoWriter raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** The message behind its varint length, as one of a record's messages. */
    public byte[] delimited() {
        byte[] body = toByteArray();
        return new ProtoWriter().varint(body.length).raw(body).toByteArray();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
