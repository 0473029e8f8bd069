package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Arrays;
import java.util.Objects;

/**
 * An input that could not be used, kept with its original bytes so nothing is lost: it can be
 * inspected, fixed and replayed. {@code original} is one line of a batched record where the
 * record was split, or the whole record where it could not be split.
 */
@TypeInfo(DeadLetterTypeInfoFactory.class)
@JsonPropertyOrder({"reason", "message", "sourceStream", "ingestTime", "original"})
public final class DeadLetter {
    private final DeadLetterReason reason;
    private final String message;
    private final String sourceStream;
    private final long ingestTime;
    private final byte[] original;

    @JsonCreator
    public DeadLetter(@JsonProperty("reason") DeadLetterReason reason,
                      @JsonProperty("message") String message,
                      @JsonProperty("sourceStream") String sourceStream,
                      @JsonProperty("ingestTime") long ingestTime,
                      @JsonProperty("original") byte[] original) {
        this.reason = Objects.requireNonNull(reason, "reason");
        this.message = message;
        this.sourceStream = sourceStream;
        this.ingestTime = ingestTime;
        this.original = original == null ? new byte[0] : original;
    }

    public DeadLetterReason getReason() {
        return reason;
    }

    public String getMessage() {
        return message;
    }

    /** The logical input: {@code metrics} or {@code events} (or a stream name). */
    public String getSourceStream() {
        return sourceStream;
    }

    /** Processing time (epoch ms) at which the input was read. */
    public long getIngestTime() {
        return ingestTime;
    }

    /** The bytes as received; base64 in JSON. Not copied: treat as read-only. */
    public byte[] getOriginal() {
        return original;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter d = (DeadLetter) o;
        return ingestTime == d.ingestTime && reason == d.reason && Objects.equals(message, d.message)
                && Objects.equals(sourceStream, d.sourceStream) && Arrays.equals(original, d.original);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, message, sourceStream, ingestTime, Arrays.hashCode(original));
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason.code() + ": " + message + " (" + original.length + " bytes from " + sourceStream + ")}";
    }
}
