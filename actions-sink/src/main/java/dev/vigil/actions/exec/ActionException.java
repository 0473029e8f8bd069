package dev.vigil.actions.exec;

/**
 * A failure found by Vigil itself rather than by AWS (a missing parameter, an instance outside any
 * Auto Scaling group). Carries its own error code and class so that it is reported like an AWS
 * error.
 */
public final class ActionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final ErrorClass errorClass;

    public ActionException(String errorCode, ErrorClass errorClass, String message) {
        super(message);
        this.errorCode = errorCode;
        this.errorClass = errorClass;
    }

    public static ActionException finalError(String errorCode, String message) {
        return new ActionException(errorCode, ErrorClass.FINAL, message);
    }

    public static ActionException missingParameter(String name) {
        return finalError("MissingParameter", "missing parameter '" + name
                + "' (not in the plan step, or its placeholder did not resolve)");
    }

    /** The plan gave {@code name} as {@code template}, which has no value for this impairment. */
    public static ActionException missingParameter(String name, String template) {
        return finalError("MissingParameter", "missing parameter '" + name + "': the plan sets it to " + template
                + ", which has no value for this impairment" + tagHint(template));
    }

    private static String tagHint(String template) {
        int at = template.indexOf("${tag:");
        if (at < 0) {
            return "";
        }
        int end = template.indexOf('}', at);
        return end < 0 ? "" : " (the resource has no tag " + template.substring(at + 6, end) + ")";
    }

    public String getErrorCode() {
        return errorCode;
    }

    public ErrorClass getErrorClass() {
        return errorClass;
    }
}
