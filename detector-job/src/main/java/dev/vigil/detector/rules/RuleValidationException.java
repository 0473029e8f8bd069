package dev.vigil.detector.rules;

import dev.vigil.common.config.Nearest;

import java.util.Collection;
import java.util.TreeSet;

/**
 * A rules file or rule is invalid. The message always names the rule id (or its position when the
 * id itself is missing), the key, what was expected and what was found, so an operator can fix the
 * file without reading code.
 */
public final class RuleValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RuleValidationException(String message) {
        super(message);
    }

    public RuleValidationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An unknown key in a rule, with the nearest known one: a typo would otherwise leave a default in force. */
    public static RuleValidationException unknownKey(String kind, String ruleId, String key, Collection<String> known) {
        return new RuleValidationException(kind + " '" + ruleId + "': key '" + key + "': unknown key"
                + Nearest.didYouMean(key, known) + "; the known keys are " + new TreeSet<>(known));
    }

    static RuleValidationException of(String ruleId, String key, String expected, Object actual) {
        return of("rule", ruleId, key, expected, actual);
    }

    /** @param kind what is invalid: "rule", "peer rule" */
    public static RuleValidationException of(String kind, String ruleId, String key, String expected, Object actual) {
        return new RuleValidationException(kind + " '" + ruleId + "': key '" + key + "': expected " + expected
                + ", got " + (actual instanceof String ? "'" + actual + "'" : String.valueOf(actual)));
    }
}
