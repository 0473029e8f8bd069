package dev.vigil.detector.live;

import dev.vigil.detector.rules.RulesFile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Whether a live rules update may replace the rules in force: it must read, with the one reader of
 * rules ({@link RulesFile}), exactly as a file at start must (a bad file fails the submission
 * there; here it is rejected and the rules in force stay). Plain Java, shared by the validation
 * step and by each operator that parses the accepted bytes.
 */
public final class RulesCheck {
    private RulesCheck() {}

    /** The update's rules; throws naming the object, and within it the rule and key, when they do not read. */
    public static RulesFile parse(RulesUpdate u) {
        try {
            return RulesFile.parse(new ByteArrayInputStream(u.bytes()), u.location());
        } catch (IOException e) {
            throw new UncheckedIOException(u.location() + ": " + e.getMessage(), e);
        }
    }

    /** Null when the update reads, else what is wrong with it. */
    public static String problem(RulesUpdate u) {
        try {
            parse(u);
            return null;
        } catch (RuntimeException e) {
            String m = e.getMessage();
            return m == null || m.isEmpty() ? u.location() + ": " + e : m;
        }
    }
}
