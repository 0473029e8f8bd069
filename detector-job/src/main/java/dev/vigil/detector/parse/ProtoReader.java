package dev.vigil.detector.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over protobuf wire data in a byte array: tags, varints, fixed-width numbers and the
 * bounds of length-delimited fields, each checked against the end of the enclosing message. It
 * never allocates by a length it read: a length is only a position in the array it already has,
 * so a hostile length fails as {@link Malformed}, it cannot make a large buffer.
 *
 * <p>Stricter than the generated classes where OTLP leaves no doubt: groups (wire types 3 and 4)
 * are refused, as is a known field with another wire type than the schema's, since CloudWatch
 * never writes either and both mean the bytes are not what they claim to be.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;
    /** Eight bytes at once, little-endian as protobuf's fixed-width numbers are. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    byte[] buf;
    int pos;
    /** End of the message being read: nothing past it belongs to it. */
    int limit;

    void reset(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.limit = to;
    }

    boolean more() {
        return pos < limit;
    }

    /** The next field's tag; its field number is {@code tag >>> 3}, its wire type {@code tag & 7}. */
    int tag() {
        long t = varint();
        int wire = (int) t & 7;
        if (t >>> 3 == 0 || t >>> 3 > 0x1fff_ffff) {
            throw new Malformed("field number " + (t >>> 3) + " at byte " + pos);
        }
        if (wire != VARINT && wire != I64 && wire != LEN && wire != I32) {
            throw new Malformed("wire type " + wire + " (field " + (t >>> 3) + ") at byte " + pos);
        }
        return (int) t;
    }

    long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new Malformed("varint runs past the end of its message at byte " + pos);
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new Malformed("varint longer than 10 bytes at byte " + pos);
    }

    long fixed64() {
        if (limit - pos < 8) {
            throw new Malformed("fixed64 runs past the end of its message at byte " + pos);
        }
        long v = word(buf, pos);
        pos += 8;
        return v;
    }

    double double64() {
        return Double.longBitsToDouble(fixed64());
    }

    /**
     * Reads a length and returns the end of the field it delimits; {@link #pos} is then its first
     * byte. The length must fit in what is left of the enclosing message.
     */
    int lengthEnd() {
        long n = varint();
        if (n < 0 || n > limit - pos) {
            throw new Malformed("length " + n + " at byte " + pos + " exceeds the " + (limit - pos) + " bytes left");
        }
        return pos + (int) n;
    }

    /** Enters a length-delimited field; returns the outer limit for {@link #exit(int)}. */
    int enter() {
        int end = lengthEnd();
        int outer = limit;
        limit = end;
        return outer;
    }

    /** Leaves a field entered with {@link #enter()}, skipping what was not read of it. */
    void exit(int outer) {
        pos = limit;
        limit = outer;
    }

    /**
     * Runs {@code body} inside each occurrence of the length-delimited {@code field} of the
     * message being read, skipping every other field; afterwards the message is read to its end.
     */
    void each(int field, Runnable body) {
        while (more()) {
            int tag = tag();
            if (tag >>> 3 == field) {
                expect(tag, LEN);
                int outer = enter();
                body.run();
                exit(outer);
            } else {
                skip(tag);
            }
        }
    }

    void skip(int tag) {
        switch (tag & 7) {
            case VARINT:
                varint();
                break;
            case I64:
                need(8);
                break;
            case LEN:
                pos = lengthEnd();
                break;
            default: // I32; tag() admits no other
                need(4);
        }
    }

    /** Fails unless {@code tag} has the wire type the schema gives its field. */
    static void expect(int tag, int wire) {
        if ((tag & 7) != wire) {
            throw new Malformed("field " + (tag >>> 3) + " has wire type " + (tag & 7) + ", the schema says " + wire);
        }
    }

    private void need(int n) {
        if (limit - pos < n) {
            throw new Malformed("field runs past the end of its message at byte " + pos);
        }
        pos += n;
    }

    /** Whether the bytes {@code [from, to)} are exactly {@code ascii}. */
    boolean equalsAscii(int from, int to, byte[] ascii) {
        if (to - from != ascii.length) {
            return false;
        }
        for (int i = 0; i < ascii.length; i++) {
            if (buf[from + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that {@code [from, to)} is well-formed UTF-8, as protobuf requires of a string (the
     * generated classes refuse the message otherwise). Metric-stream strings are ASCII, which
     * needs no decoder.
     */
    static void checkUtf8(byte[] buf, int from, int to) {
        int i = from;
        while (i + 8 <= to && (word(buf, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        for (; i < to; i++) {
            if (buf[i] < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, from, to - from));
                } catch (CharacterCodingException e) {
                    throw new Malformed("invalid UTF-8 in the string at byte " + from);
                }
                return;
            }
        }
    }

    /** A string of the message, checked as {@link #checkUtf8} does. */
    String string(int from, int to) {
        checkUtf8(buf, from, to);
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    /** The eight bytes at {@code i} as a little-endian long; the caller checks the bounds. */
    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }


    /** Bytes that do not decode as the protobuf they should be; carries no stack trace (input, not a bug). */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
