package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetterReason;

/** Why a line was rejected. */
final class Problem {
    final DeadLetterReason reason;
    final String message;

    Problem(DeadLetterReason reason, String message) {
        this.reason = reason;
        this.message = message;
    }
}
