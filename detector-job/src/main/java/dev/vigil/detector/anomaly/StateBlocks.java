package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The model's state layout: a format byte, a block count, then per stage a block
 * {@code id (1 byte), version (1 byte), length (2 bytes), payload}. A reader takes a block only
 * when the stage of that id has the same version and size, and otherwise skips its length
 * (the stage relearns): so a changed season bucket count, a stage added or dropped, or a new
 * stage version never misaligns the blocks after it, nor the bytes the series evaluator writes
 * after the model.
 */
final class StateBlocks {
    /** Block layout; 4 was the single unprefixed record of commit 545e0e3 (see {@link LegacyState}). */
    static final int FORMAT = 5;
    static final int HEADER = 4;

    private StateBlocks() {}

    static int size(Stage[] stages) {
        int n = 2;
        for (Stage s : stages) {
            n += HEADER + s.size();
        }
        return n;
    }

    static void write(DataOutput out, Stage[] stages) throws IOException {
        out.writeByte(FORMAT);
        out.writeByte(stages.length);
        for (Stage s : stages) {
            out.writeByte(s.id());
            out.writeByte(s.version());
            out.writeShort(s.size());
            s.write(out);
        }
    }

    /** Reads the blocks after the format byte; stages without a readable block are reset. */
    static void read(DataInput in, Stage[] stages) throws IOException {
        boolean[] done = new boolean[stages.length];
        int blocks = in.readUnsignedByte();
        for (int k = 0; k < blocks; k++) {
            int id = in.readUnsignedByte();
            int version = in.readUnsignedByte();
            int length = in.readUnsignedShort();
            int i = indexOf(stages, id);
            if (i >= 0 && !done[i] && stages[i].version() == version && stages[i].size() == length) {
                stages[i].read(in);
                done[i] = true;
            } else {
                skipFully(in, length);
            }
        }
        for (int i = 0; i < stages.length; i++) {
            if (!done[i]) {
                stages[i].reset();
            }
        }
    }

    /** {@link DataInput#skipBytes} may skip fewer bytes than asked; this does not. */
    static void skipFully(DataInput in, int n) throws IOException {
        int left = n;
        while (left > 0) {
            int skipped = in.skipBytes(left);
            if (skipped <= 0) {
                in.readByte(); // throws at the end of the input
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static int indexOf(Stage[] stages, int id) {
        for (int i = 0; i < stages.length; i++) {
            if (stages[i].id() == id) {
                return i;
            }
        }
        return -1;
    }
}
