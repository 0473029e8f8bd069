package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetterReason;

/** The age checks both parsers apply to an event-time timestamp. */
final class TimeChecks {
    private TimeChecks() {}

    /** Null when {@code timestamp} is acceptable at reference time {@code now}. */
    static Problem check(long timestamp, long now, ParseLimits limits) {
        if (limits.maxFutureMs() > 0 && timestamp > now + limits.maxFutureMs()) {
            return new Problem(DeadLetterReason.FUTURE_TIMESTAMP,
                    "timestamp " + timestamp + " is " + (timestamp - now) + " ms ahead of " + now);
        }
        if (limits.maxAgeMs() > 0 && timestamp < now - limits.maxAgeMs()) {
            return new Problem(DeadLetterReason.EXPIRED_TIMESTAMP,
                    "timestamp " + timestamp + " is older than " + limits.maxAgeMs() + " ms before " + now);
        }
        return null;
    }
}
