package dev.vigil.detector.parse;

import java.io.Serializable;

/**
 * What the parsers accept. Age checks are relative to a reference time the caller passes per
 * record (processing time in the job), so replays of old recordings can switch them off.
 */
public final class ParseLimits implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Kinesis takes records up to 10 MiB; a gzip record inflating past this is refused (zip bombs). */
    public static final int DEFAULT_MAX_RECORD_BYTES = 10 * 1024 * 1024;
    /** A metric-stream line is well under 2 KiB; 256 KiB leaves room for large health-event details. */
    public static final int DEFAULT_MAX_LINE_BYTES = 256 * 1024;
    /** Clock skew tolerated for timestamps ahead of the reference time. */
    public static final long DEFAULT_MAX_FUTURE_MS = 15 * 60 * 1000L;
    /** Kinesis' default retention: nothing older can legitimately arrive from the stream. */
    public static final long DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000L;

    private final int maxRecordBytes;
    private final int maxLineBytes;
    private final long maxFutureMs;
    private final long maxAgeMs;

    public ParseLimits(int maxRecordBytes, int maxLineBytes, long maxFutureMs, long maxAgeMs) {
        if (maxRecordBytes <= 0 || maxLineBytes <= 0) {
            throw new IllegalArgumentException("size limits must be positive");
        }
        this.maxRecordBytes = maxRecordBytes;
        this.maxLineBytes = maxLineBytes;
        this.maxFutureMs = maxFutureMs;
        this.maxAgeMs = maxAgeMs;
    }

    public static ParseLimits defaults() {
        return new ParseLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_FUTURE_MS, DEFAULT_MAX_AGE_MS);
    }

    /** Same sizes, no time checks: for replaying recordings whose timestamps are in the past. */
    public ParseLimits withoutTimeChecks() {
        return new ParseLimits(maxRecordBytes, maxLineBytes, 0, 0);
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    /** 0 disables the check. */
    public long maxFutureMs() {
        return maxFutureMs;
    }

    /** 0 disables the check. */
    public long maxAgeMs() {
        return maxAgeMs;
    }
}
