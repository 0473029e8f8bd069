package dev.vigil.detector.resource;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The string table of one resource's serialised state. A resource's series repeat the same few
 * strings (the rule ids, and the resource id as a dimension value), so each is written once and
 * referenced by a small number. Entry 0 is the resource id, which the state key already holds;
 * reference 0 in the table's numbering means null.
 */
final class StateStrings {
    private final String resourceId;
    private String[] table = new String[8];
    private int size;

    StateStrings(String resourceId) {
        this.resourceId = resourceId;
    }

    /** Reference for {@code s}: 0 for null, 1 for the resource id, 2.. for table entries. */
    int ref(String s) {
        if (s == null) {
            return 0;
        }
        if (s.equals(resourceId)) {
            return 1;
        }
        for (int i = 0; i < size; i++) {
            if (table[i].equals(s)) {
                return i + 2;
            }
        }
        if (size == table.length) {
            table = java.util.Arrays.copyOf(table, size * 2);
        }
        table[size++] = s;
        return size + 1;
    }

    void writeTable(DataOutput out) throws IOException {
        writeVarInt(out, size);
        for (int i = 0; i < size; i++) {
            byte[] b = table[i].getBytes(StandardCharsets.UTF_8);
            writeVarInt(out, b.length);
            out.write(b);
        }
    }

    /** The table indexed by reference: [0] null, [1] the resource id, then the written entries. */
    static String[] readTable(DataInput in, String resourceId) throws IOException {
        int n = readVarInt(in);
        String[] strings = new String[n + 2];
        strings[1] = resourceId;
        byte[] buf = new byte[64];
        for (int i = 0; i < n; i++) {
            int len = readVarInt(in);
            if (len > buf.length) {
                buf = new byte[len];
            }
            in.readFully(buf, 0, len);
            strings[i + 2] = new String(buf, 0, len, StandardCharsets.UTF_8);
        }
        return strings;
    }

    static void writeVarInt(DataOutput out, int v) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("negative: " + v);
        }
        while (v >= 0x80) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    static int readVarInt(DataInput in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        throw new IOException("malformed varint in resource state");
    }
}
