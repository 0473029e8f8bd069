package dev.vigil.actions.plan;

/**
 * A plans file is invalid. The message names the plan, the key (with its path inside the plan),
 * what was expected and what was found, so an operator can fix the file without reading code.
 */
public final class PlanValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PlanValidationException(String message) {
        super(message);
    }

    public PlanValidationException(String message, Throwable cause) {
        super(message, cause);
    }

    static PlanValidationException of(String planId, String key, String expected, Object actual) {
        return new PlanValidationException("plan '" + planId + "': key '" + key + "': expected " + expected
                + ", got " + (actual instanceof String ? "'" + actual + "'" : String.valueOf(actual)));
    }
}
