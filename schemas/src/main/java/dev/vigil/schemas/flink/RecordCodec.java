package dev.vigil.schemas.flink;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.Serializable;

/**
 * The binary layout of one immutable record. Implementations need a public no-argument
 * constructor: a savepoint names the codec class and Flink re-creates it on restore.
 *
 * <p>Layouts evolve: a codec always writes its {@link #layoutVersion()} and reads every layout from
 * {@link #oldestLayout()} on, so a savepoint written by an earlier release restores (Flink migrates
 * the state: {@link CodecSerializer} answers {@code compatibleAfterMigration}). Enums are written by
 * name from layout 2 on, so constants may be added or reordered.
 */
public interface RecordCodec<T> extends Serializable {
    /** The layout {@link #write} produces. Bump on any change, and teach {@link #read} the old one. */
    int layoutVersion();

    /** The oldest layout {@link #read} still understands; a savepoint with an older one is refused. */
    default int oldestLayout() {
        return layoutVersion();
    }

    void write(T record, DataOutputView out) throws IOException;

    /** Reads a record written in {@code layout}, which lies in [{@link #oldestLayout()}, {@link #layoutVersion()}]. */
    T read(DataInputView in, int layout) throws IOException;

    default T read(DataInputView in) throws IOException {
        return read(in, layoutVersion());
    }
}
