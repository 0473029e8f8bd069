package dev.vigil.actions.exec;

import java.util.Objects;

/** A failure with its AWS (or Vigil) error code and whether it may be retried. */
public final class ClassifiedError {
    private final ErrorClass errorClass;
    private final String code;
    private final String message;

    public ClassifiedError(ErrorClass errorClass, String code, String message) {
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
        this.code = Objects.requireNonNull(code, "code");
        this.message = message;
    }

    public ErrorClass getErrorClass() {
        return errorClass;
    }

    public boolean isRetryable() {
        return errorClass == ErrorClass.RETRYABLE;
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
