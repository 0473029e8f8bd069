package dev.vigil.detector.resource;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * {@link DataInput} over a slice of a state value, read on every datapoint: the same bytes and
 * the same {@link EOFException} at the end as a {@code DataInputStream} over a
 * {@code ByteArrayInputStream}, without their synchronised single-byte reads.
 */
final class StateInput implements DataInput {
    private final byte[] bytes;
    private int pos;
    private final int end;

    StateInput(byte[] bytes, int from, int length) {
        this.bytes = bytes;
        this.pos = from;
        this.end = from + length;
    }

    /** Bytes left before the slice's end. */
    int available() {
        return end - pos;
    }

    /** Position in the whole value. */
    int position() {
        return pos;
    }

    private int need(int n) throws EOFException {
        if (end - pos < n) {
            pos = end;
            throw new EOFException();
        }
        int at = pos;
        pos += n;
        return at;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        if (len < 0) {
            throw new IndexOutOfBoundsException();
        }
        System.arraycopy(bytes, need(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int k = Math.max(0, Math.min(n, end - pos));
        pos += k;
        return k;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return bytes[need(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return bytes[need(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return bytes[need(1)] & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
        return (short) readUnsignedShort();
    }

    @Override
    public int readUnsignedShort() throws IOException {
        int i = need(2);
        return (bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readUnsignedShort();
    }

    @Override
    public int readInt() throws IOException {
        return intAt(bytes, need(4));
    }

    @Override
    public long readLong() throws IOException {
        return longAt(bytes, need(8));
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /** Not part of any state layout. */
    @Override
    public String readLine() {
        throw new UnsupportedOperationException("readLine");
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }

    static int intAt(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    static long longAt(byte[] b, int i) {
        return (long) intAt(b, i) << 32 | intAt(b, i + 4) & 0xFFFFFFFFL;
    }
}
