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

    public static String readString(DataInput in) throws IOException {
        return StringValue.readString(in);
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

    public static <E extends Enum<E>> void writeEnum(E e, DataOutput out) throws IOException {
        out.writeByte(e == null ? -1 : e.ordinal());
    }

    public static <E extends Enum<E>> E readEnum(E[] values, DataInput in) throws IOException {
        int ordinal = in.readByte();
        return ordinal < 0 ? null : values[ordinal];
    }
}
