package dev.vigil.detector.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The model's state: bounded, restored bit for bit, and read block by block so a changed stage relearns alone. */
class ModelStateTest {
    static final long T0 = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, 86_400_000L); // midnight UTC
    static final AnomalyConfig CFG = AnomalyConfig.defaults();

    static AnomalyModel trained(AnomalyConfig cfg, int n, long seed) {
        AnomalyModel m = new AnomalyModel(cfg);
        Random rnd = new Random(seed);
        long t = T0;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(20) == 0 ? 300_000L * (1 + rnd.nextInt(30)) : 300_000L; // gaps
            m.update(t, 100 + 10 * Math.sin(2 * Math.PI * (t % 86_400_000L) / 86_400_000.0) + 3 * rnd.nextGaussian()
                    + (i > 3500 ? 15 : 0));
        }
        return m;
    }

    static AnomalyModel read(byte[] bytes, AnomalyConfig cfg) throws IOException {
        return AnomalyModel.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)), cfg);
    }

    @Test
    void restoredModelContinuesBitIdentically() throws Exception {
        AnomalyModel a = trained(CFG, 2500, 6);
        byte[] snap = a.toBytes();
        assertThat(snap).hasSize(a.serializedSize());
        AnomalyModel b = read(snap, CFG);
        assertThat(b.toBytes()).isEqualTo(snap);
        Random rnd = new Random(7);
        for (int i = 0; i < 3000; i++) {
            long t = T0 + 40L * 86_400_000L + i * 300_000L;
            double v = 100 + 3 * rnd.nextGaussian() + (i == 1000 ? 50 : 0);
            AnomalyResult ra = a.update(t, v);
            AnomalyResult rb = b.update(t, v);
            assertThat(Double.doubleToRawLongBits(rb.score())).isEqualTo(Double.doubleToRawLongBits(ra.score()));
            assertThat(Double.doubleToRawLongBits(rb.expected())).isEqualTo(Double.doubleToRawLongBits(ra.expected()));
            assertThat(Double.doubleToRawLongBits(rb.upper())).isEqualTo(Double.doubleToRawLongBits(ra.upper()));
            assertThat(rb.warmingUp()).isEqualTo(ra.warmingUp());
        }
        assertThat(b.toBytes()).isEqualTo(a.toBytes());
    }

    @Test
    void stateIsUnderOneKibibyteMeasuredOnALongSeries() {
        AnomalyModel m = new AnomalyModel(CFG);
        Random rnd = new Random(8);
        for (int i = 0; i < 200_000; i++) {
            double x = 1000 * Math.sin(i / 500.0) + rnd.nextGaussian() * (1 + i % 97) + (i % 10_007 == 0 ? 1e6 : 0);
            m.update(T0 + i * 60_000L, x);
            if (i % 9_973 == 0) {
                assertThat(m.toBytes()).hasSize(m.serializedSize());
            }
        }
        assertThat(m.toBytes().length).isEqualTo(m.serializedSize()).isLessThanOrEqualTo(1024);
        // and the largest configuration too (the longest sustained window)
        assertThat(new AnomalyModel(CFG.with("sustain.rows", 16)).serializedSize()).isLessThanOrEqualTo(1024);
    }

    @Test
    void aStageWhoseSizeChangedRelearnsAloneAndTheOthersKeepTheirState() throws Exception {
        // Given state written with a 6-value sustained window
        AnomalyModel six = trained(CFG, 3000, 9);
        byte[] bytes = six.toBytes();
        // When it is read with an 8-value window
        AnomalyConfig eight = CFG.with("sustain.rows", 8);
        AnomalyModel restored = read(bytes, eight);
        // Then only the sustained block differs from the written one: the rest is kept
        byte[] again = restored.toBytes();
        int[] sixBlock = block(bytes, 5);
        int[] eightBlock = block(again, 5);
        assertThat(eightBlock[1]).isEqualTo(sixBlock[1] + 8); // two more floats
        for (int id : new int[] {1, 2, 3, 4, 6, 7, 8, 9, 10}) {
            assertThat(payload(again, id)).as("block %d", id).isEqualTo(payload(bytes, id));
        }
        assertThat(restored.count()).isEqualTo(six.count());
    }

    @Test
    void unknownBlocksAreSkippedWhatEverTheirContent() throws Exception {
        // Given the bytes with an extra block of an id this version does not know, in the middle
        byte[] bytes = trained(CFG, 1000, 10).toBytes();
        int[] at = block(bytes, 4);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.write(bytes, 0, 1);
        bos.write(bytes[1] + 1);
        bos.write(bytes, 2, at[0] - 2);
        DataOutputStream extra = new DataOutputStream(bos);
        extra.writeByte(99);
        extra.writeByte(1);
        extra.writeShort(5);
        extra.write(new byte[] {1, 2, 3, 4, 5});
        bos.write(bytes, at[0], bytes.length - at[0]);
        // When read, then the model is the one written
        assertThat(read(bos.toByteArray(), CFG).toBytes()).isEqualTo(bytes);
    }

    @Test
    void anUnknownFormatFailsNamingIt() {
        assertThatThrownBy(() -> read(new byte[] {7, 0}, CFG)).isInstanceOf(IOException.class).hasMessageContaining("7");
    }

    /** {offset of the block header, payload length} of block {@code id}. */
    static int[] block(byte[] b, int id) {
        int pos = 2;
        for (int k = 0; k < (b[1] & 0xff); k++) {
            int len = ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            if ((b[pos] & 0xff) == id) {
                return new int[] {pos, len};
            }
            pos += 4 + len;
        }
        throw new AssertionError("no block " + id);
    }

    static byte[] payload(byte[] b, int id) {
        int[] at = block(b, id);
        return Arrays.copyOfRange(b, at[0] + 4, at[0] + 4 + at[1]);
    }
}
