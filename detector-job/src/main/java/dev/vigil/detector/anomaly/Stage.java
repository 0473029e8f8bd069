package dev.vigil.detector.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One stage of the {@link AnomalyModel}, owning its part of the state. Stages are written as
 * blocks (see {@link StateBlocks}): a stage reads only a block of its own id, version and size,
 * so one whose layout changed (a parameter that sizes it, a new version) relearns alone while
 * the others keep what they learned.
 */
interface Stage {
    /** Stable block id (never reused for another stage). */
    int id();

    /** Layout version of the block; bumped when the layout changes. */
    int version();

    /** Bytes {@link #write} produces with this configuration. */
    int size();

    void write(DataOutput out) throws IOException;

    /** Reads a block written by {@link #write} of the same version and size. */
    void read(DataInput in) throws IOException;

    /** Forgets everything (a block that could not be read): the stage learns again from the next value. */
    void reset();
}
