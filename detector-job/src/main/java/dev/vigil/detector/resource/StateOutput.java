package dev.vigil.detector.resource;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A growable {@link DataOutput} for a resource's state, written on every datapoint: the bytes a
 * {@code DataOutputStream} writes, without its synchronised stream underneath, and a length can be
 * left open and filled in once the block after it is written (so a block is written once, in
 * place, instead of into a scratch buffer first).
 */
final class StateOutput implements DataOutput {
    private byte[] buf;
    private int size;

    StateOutput(int capacity) {
        buf = new byte[capacity];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] buffer() {
        return buf;
    }

    /** Leaves room for an int length; {@link #closeLength} fills it with the bytes written since. */
    int openLength() {
        ensure(4);
        size += 4;
        return size;
    }

    void closeLength(int opened) {
        int length = size - opened;
        int i = opened - 4;
        buf[i] = (byte) (length >>> 24);
        buf[i + 1] = (byte) (length >>> 16);
        buf[i + 2] = (byte) (length >>> 8);
        buf[i + 3] = (byte) length;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        ensure(2);
        buf[size] = (byte) (v >>> 8);
        buf[size + 1] = (byte) v;
        size += 2;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        ensure(4);
        buf[size] = (byte) (v >>> 24);
        buf[size + 1] = (byte) (v >>> 16);
        buf[size + 2] = (byte) (v >>> 8);
        buf[size + 3] = (byte) v;
        size += 4;
    }

    @Override
    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            writeChar(s.charAt(i));
        }
    }

    /** As {@link DataOutputStream#writeUTF}: modified UTF-8 after its length, at most 65,535 bytes. */
    @Override
    public void writeUTF(String s) throws IOException {
        int start = size;
        writeShort(0);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                write(c);
            } else if (c <= 0x07FF) {
                write(0xC0 | (c >> 6) & 0x1F);
                write(0x80 | c & 0x3F);
            } else {
                write(0xE0 | (c >> 12) & 0x0F);
                write(0x80 | (c >> 6) & 0x3F);
                write(0x80 | c & 0x3F);
            }
        }
        int length = size - start - 2;
        if (length > 65535) {
            size = start;
            throw new java.io.UTFDataFormatException("encoded string too long: " + length + " bytes");
        }
        buf[start] = (byte) (length >>> 8);
        buf[start + 1] = (byte) length;
    }
}
