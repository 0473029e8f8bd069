package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why an input could not be used. The JSON form is the lower-case code, which operators filter and
 * alarm on. Append new constants at the end: serialized state stores the ordinal.
 */
public enum DeadLetterReason {
    /** Not parseable as JSON (or not a JSON object). */
    MALFORMED_JSON,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type (e.g. a string where a number belongs). */
    WRONG_TYPE,
    /** NaN or Infinity where a finite number belongs. */
    NON_FINITE,
    /** A negative sample count. */
    NEGATIVE_COUNT,
    /** A timestamp further in the future than the allowed clock skew. */
    FUTURE_TIMESTAMP,
    /** A timestamp older than the stream's retention allows. */
    EXPIRED_TIMESTAMP,
    /** A record or line larger than the configured limit. */
    OVERSIZED,
    /** Gzip data that does not decompress. */
    BAD_COMPRESSION,
    /** An event for a period the detector has already evaluated. */
    LATE,
    /** Valid JSON with values the detector cannot interpret (e.g. min greater than max). */
    INVALID_VALUE,
    /**
     * An OpenTelemetry message (or its length prefix) that does not decode as protobuf: truncated,
     * a broken varint or length, a wire type the schema does not have, invalid UTF-8 in a string.
     */
    MALFORMED_PROTOBUF,
    /**
     * A live rules update that does not validate (source {@code rules}): the message names the file,
     * and within it the rule and key; the rules in force stay.
     */
    INVALID_RULES;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static DeadLetterReason fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
