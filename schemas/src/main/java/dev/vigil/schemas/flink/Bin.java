package dev.vigil.schemas.flink;

import org.apache.flink.types.StringValue;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Binary helpers shared by the record serializers; every method accepts nulls where noted. */
public final class Bin {
    private Bin() {}

    /** Nullable string, no 64 KiB limit (unlike writeUTF): health-event details can be large. */
    public static void writeString(String s, DataOutput out) throws IOException {
        StringValue.writeString(s, out);
    }

    /**
     * Reads what {@link #writeString} wrote (Flink's {@code StringValue} format: length + 1 as a
     * 7-bit varint, 0 for null, then each char as a 7-bit varint). Decoded here rather than by
     * {@code StringValue.readString}, whose thread-local buffer lookup was a hot frame (every
     * datapoint crossing the shuffle carries several strings); an all-ASCII string, what metric
     * names and dimension values are, is made straight from its bytes.
     */
    public static String readString(DataInput in) throws IOException {
        int len = readVarChar(in);
        if (len == 0) {
            return null;
        }
        len -= 1;
        byte[] ascii = new byte[len];
        for (int i = 0; i < len; i++) {
            int c = in.readUnsignedByte();
            if (c >= 0x80) {
                return readRest(in, ascii, i, c, len);
            }
            ascii[i] = (byte) c;
        }
        return new String(ascii, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The string went past ASCII at char {@code i}, whose first byte was {@code first}: go on char by char. */
    private static String readRest(DataInput in, byte[] ascii, int i, int first, int len) throws IOException {
        char[] chars = new char[len];
        for (int k = 0; k < i; k++) {
            chars[k] = (char) ascii[k];
        }
        chars[i] = (char) continueVarChar(in, first);
        for (int k = i + 1; k < len; k++) {
            chars[k] = (char) readVarChar(in);
        }
        return new String(chars);
    }

    private static int readVarChar(DataInput in) throws IOException {
        int b = in.readUnsignedByte();
        return b < 0x80 ? b : continueVarChar(in, b);
    }

    private static int continueVarChar(DataInput in, int first) throws IOException {
        int v = first & 0x7F;
        int shift = 7;
        int b;
        while ((b = in.readUnsignedByte()) >= 0x80) {
            v |= (b & 0x7F) << shift;
            shift += 7;
        }
        return v | (b << shift);
    }

    public static void writeStrings(String[] values, DataOutput out) throws IOException {
        out.writeInt(values.length);
        for (String v : values) {
            writeString(v, out);
        }
    }

    public static String[] readStrings(DataInput in) throws IOException {
        String[] values = new String[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = readString(in);
        }
        return values;
    }

    public static void writeDoubles(double[] values, DataOutput out) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    public static double[] readDoubles(DataInput in) throws IOException {
        double[] values = new double[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    public static void writeBytes(byte[] bytes, DataOutput out) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static byte[] readBytes(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    public static void writeStringMap(Map<String, String> map, DataOutput out) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(e.getKey(), out);
            writeString(e.getValue(), out);
        }
    }

    public static Map<String, String> readStringMap(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == 0) {
            return Collections.emptyMap();
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return Collections.unmodifiableMap(map);
    }

    public static void writeNullableLong(Long v, DataOutput out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v);
        }
    }

    public static Long readNullableLong(DataInput in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    public static void writeNullableDouble(Double v, DataOutput out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeDouble(v);
        }
    }

    public static Double readNullableDouble(DataInput in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    /** Nullable enum by name, so constants can be added or reordered without breaking saved bytes. */
    public static <E extends Enum<E>> void writeEnum(E e, DataOutput out) throws IOException {
        writeString(e == null ? null : e.name(), out);
    }

    /** Reads {@link #writeEnum}; a name this release does not know is an error naming it. */
    public static <E extends Enum<E>> E readEnum(Class<E> type, DataInput in) throws IOException {
        String name = readString(in);
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown " + type.getSimpleName() + " '" + name + "' in saved bytes");
        }
    }

    /** Layout-1 enums: a byte holding the ordinal (-1 for null), as written by release 0.1. */
    public static <E extends Enum<E>> E readEnumOrdinal(E[] values, DataInput in) throws IOException {
        int ordinal = in.readByte();
        if (ordinal < 0) {
            return null;
        }
        if (ordinal >= values.length) {
            throw new IOException("ordinal " + ordinal + " out of range for " + values[0].getDeclaringClass().getSimpleName());
        }
        return values[ordinal];
    }

    /** An enum as {@code layout} stores it: by ordinal in layout 1, by name from layout 2 on. */
    public static <E extends Enum<E>> E readEnum(Class<E> type, int layout, DataInput in) throws IOException {
        return layout < 2 ? readEnumOrdinal(type.getEnumConstants(), in) : readEnum(type, in);
    }
}
