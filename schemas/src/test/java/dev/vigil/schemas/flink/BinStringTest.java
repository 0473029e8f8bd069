package dev.vigil.schemas.flink;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Bin reads strings itself: it must read exactly what Flink's StringValue writes (the records' format), and leave the rest. */
class BinStringTest {
    @Test
    void readsWhatFlinkWritesForEveryKindOfString() throws Exception {
        // Given null, empty, ASCII of every length class, Latin-1, other planes and surrogates, long strings
        List<String> strings = new ArrayList<>(Arrays.asList(null, "", "a", "i-0000000001000000", "é", "ü-x", "€", "日本語",
                "\uD83D\uDE00", "mixed ascii then ☃ then ascii", "\u007f\u0080\u00ff\u0100\u07ff\u0800\uffff"));
        Random rnd = new Random(21);
        for (int n = 0; n < 2_000; n++) {
            int len = n < 1_000 ? rnd.nextInt(200) : rnd.nextInt(70_000);
            StringBuilder b = new StringBuilder(len);
            int range = n % 3 == 0 ? 0x80 : n % 3 == 1 ? 0x800 : 0x10000;
            for (int i = 0; i < len; i++) {
                b.append((char) rnd.nextInt(range));
            }
            strings.add(b.toString());
        }
        DataOutputSerializer out = new DataOutputSerializer(1 << 16);
        for (String s : strings) {
            StringValue.writeString(s, out);
        }
        out.writeInt(0x5EA1ED);

        // When Bin reads them back in order
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<String> read = new ArrayList<>();
        for (int i = 0; i < strings.size(); i++) {
            read.add(Bin.readString(in));
        }

        // Then every one is the same and the reader stops where the strings end
        assertThat(read).isEqualTo(strings);
        assertThat(in.readInt()).isEqualTo(0x5EA1ED);
        assertThat(in.available()).isZero();
    }

    @Test
    void whatBinWritesFlinkReads() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        Bin.writeString("TargetResponseTime", out);
        Bin.writeString(null, out);
        Bin.writeString("Ω", out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(StringValue.readString(in)).isEqualTo("TargetResponseTime");
        assertThat(StringValue.readString(in)).isNull();
        assertThat(StringValue.readString(in)).isEqualTo("Ω");
    }
}
