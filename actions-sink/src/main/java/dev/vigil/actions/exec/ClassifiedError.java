package dev.vigil.actions.exec;

import java.util.Objects;

/**
 * A failure with its AWS (or Vigil) error code, whether it may be retried, and whether the call
 * may have been carried out anyway (its answer lost, or a server error after the work was done).
 */
public final class ClassifiedError {
    private final ErrorClass errorClass;
    private final String code;
    private final String message;
    private final boolean mayHaveTakenEffect;

    public ClassifiedError(ErrorClass errorClass, String code, String message) {
        this(errorClass, code, message, false);
    }

    public ClassifiedError(ErrorClass errorClass, String code, String message, boolean mayHaveTakenEffect) {
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
        this.code = Objects.requireNonNull(code, "code");
        this.message = message;
        this.mayHaveTakenEffect = mayHaveTakenEffect;
    }

    public ErrorClass getErrorClass() {
        return errorClass;
    }

    public boolean isRetryable() {
        return errorClass == ErrorClass.RETRYABLE;
    }

    /**
     * True when AWS may have done what was asked although the call failed: a timeout or reset after
     * the request was sent, a 500. Repeating a state change then needs a look at the state first.
     * False for refusals (throttling, 503, validation), which AWS answers before doing anything.
     */
    public boolean mayHaveTakenEffect() {
        return mayHaveTakenEffect;
    }

    public String getCode() {
        return code;
    }

    public String getMessage() {
        return message;
    }

    @Override
    public String toString() {
        return errorClass + " " + code + ": " + message;
    }
}
