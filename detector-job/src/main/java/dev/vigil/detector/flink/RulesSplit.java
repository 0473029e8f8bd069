package dev.vigil.detector.flink;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import javax.annotation.Nullable;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;

/**
 * The rules source's one split: the object, and the tag of the last version read from it. It is
 * the reader's checkpointed state, so a restart does not read the same version again (and the
 * operators' broadcast state already holds what was accepted).
 */
public final class RulesSplit implements SourceSplit {
    static final String ID = "rules";
    @Nullable private final String lastTag;

    RulesSplit(@Nullable String lastTag) {
        this.lastTag = lastTag;
    }

    @Override
    public String splitId() {
        return ID;
    }

    @Nullable
    String lastTag() {
        return lastTag;
    }

    RulesSplit seen(String tag) {
        return new RulesSplit(tag);
    }

    /** Version 1: a flag and the tag. */
    static final class Serializer implements SimpleVersionedSerializer<RulesSplit> {
        static final Serializer INSTANCE = new Serializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(RulesSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeBoolean(split.lastTag != null);
                if (split.lastTag != null) {
                    out.writeUTF(split.lastTag);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public RulesSplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("rules split: unknown version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new RulesSplit(in.readBoolean() ? in.readUTF() : null);
            }
        }
    }
}
