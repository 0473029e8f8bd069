package dev.vigil.schemas.flink;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.Serializable;

/**
 * The binary layout of one immutable record. Implementations need a public no-argument
 * constructor: a savepoint names the codec class and Flink re-creates it on restore.
 */
public interface RecordCodec<T> extends Serializable {
    /** Bump on any change to the layout; a savepoint written with another version is refused. */
    int layoutVersion();

    void write(T record, DataOutputView out) throws IOException;

    T read(DataInputView in) throws IOException;
}
