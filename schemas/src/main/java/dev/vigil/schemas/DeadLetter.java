package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
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
 *
 * <p>An original too big for one record of the dead-letter stream is written as parts
 * ({@link DeadLetterParts}): part {@code k} of {@code parts}, each holding the next slice of the
 * bytes; the slices in part order are the exact original, whose SHA-256 ({@code wholeSha256}) every
 * part carries to tie them together. A dead letter in one piece has none of the three fields.
 */
@TypeInfo(DeadLetterTypeInfoFactory.class)
@JsonPropertyOrder({"reason", "message", "sourceStream", "ingestTime", "original", "part", "parts", "wholeSha256"})
public final class DeadLetter {
    private final DeadLetterReason reason;
    private final String message;
    private final String sourceStream;
    private final long ingestTime;
    private final byte[] original;
    private final Integer part;
    private final Integer parts;
    private final String wholeSha256;

    public DeadLetter(DeadLetterReason reason, String message, String sourceStream, long ingestTime, byte[] original) {
        this(reason, message, sourceStream, ingestTime, original, null, null, null);
    }

    @JsonCreator
    public DeadLetter(@JsonProperty("reason") DeadLetterReason reason,
                      @JsonProperty("message") String message,
                      @JsonProperty("sourceStream") String sourceStream,
                      @JsonProperty("ingestTime") long ingestTime,
                      @JsonProperty("original") byte[] original,
                      @JsonProperty("part") Integer part,
                      @JsonProperty("parts") Integer parts,
                      @JsonProperty("wholeSha256") String wholeSha256) {
        this.reason = Objects.requireNonNull(reason, "reason");
        this.message = message;
        this.sourceStream = sourceStream;
        this.ingestTime = ingestTime;
        this.original = original == null ? new byte[0] : original;
        if ((part == null) != (parts == null) || (parts != null && (part < 1 || part > parts))) {
            throw new IllegalArgumentException("dead letter part " + part + " of " + parts);
        }
        this.part = part;
        this.parts = parts;
        this.wholeSha256 = wholeSha256;
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

    /** Which part this is (1-based) of a dead letter written in parts; null when it is whole. */
    public Integer getPart() {
        return part;
    }

    /** How many parts the dead letter was written in; null when it is whole. */
    public Integer getParts() {
        return parts;
    }

    /** Lowercase hex SHA-256 of the whole original, on every part; null when it is whole. */
    public String getWholeSha256() {
        return wholeSha256;
    }

    /** True when this is one of several parts. */
    @JsonIgnore
    public boolean isPart() {
        return parts != null;
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
                && Objects.equals(sourceStream, d.sourceStream) && Arrays.equals(original, d.original)
                && Objects.equals(part, d.part) && Objects.equals(parts, d.parts) && Objects.equals(wholeSha256, d.wholeSha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, message, sourceStream, ingestTime, Arrays.hashCode(original), part, parts, wholeSha256);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason.code() + ": " + message + " (" + original.length + " bytes from " + sourceStream
                + (parts == null ? "" : ", part " + part + " of " + parts) + ")}";
    }
}
