package dev.vigil.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * A job or tool that cannot start because of what it was given (config, rules, plans, files): the
 * cause said once, in one message, with no stack trace. The trace of an input error points into
 * the validator, not at the mistake, and wrapped exceptions repeat their message at every level;
 * whoever prints this (the JVM, picocli, Flink's client) prints the one line that matters.
 */
public final class StartupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param what who could not start, e.g. "vigil-detector cannot start" */
    public StartupFailure(String what, Throwable cause) {
        super(what + ": " + describe(cause), null, false, false);
    }

    /**
     * Whether {@code t} says the inputs are wrong (a bad value, a missing or unreadable file)
     * rather than that something broke: validators throw {@link IllegalArgumentException}s.
     */
    public static boolean isInputError(Throwable t) {
        return t instanceof IllegalArgumentException || t instanceof UncheckedIOException || t instanceof IOException
                || t instanceof StartupFailure;
    }

    /** The message, followed by each cause's only where it adds something not already said. */
    public static String describe(Throwable t) {
        StringBuilder said = new StringBuilder();
        for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
            String m = messageOf(c);
            if (m != null && !m.isEmpty() && said.indexOf(m) < 0) {
                said.append(said.length() == 0 ? "" : ": ").append(m);
            }
        }
        return said.length() == 0 ? t.getClass().getSimpleName() : said.toString();
    }

    private static String messageOf(Throwable t) {
        String m = t.getMessage();
        if (t instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        if (t instanceof AccessDeniedException) {
            return "cannot read: " + m;
        }
        if (t instanceof UncheckedIOException && t.getCause() != null && m != null
                && m.endsWith(t.getCause().toString())) {
            return null; // the default message repeats the cause's
        }
        return m;
    }
}
