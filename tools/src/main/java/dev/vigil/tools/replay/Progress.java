package dev.vigil.tools.replay;

import java.io.PrintStream;
import java.util.Locale;

/** Progress of a long replay on stderr, at most every two seconds, so stdout stays parseable. */
final class Progress {
    private static final long EVERY_NS = 2_000_000_000L;
    private final String what;
    private final long expected;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long last = start;
    private long done;

    /** @param expected how many evaluations to expect, 0 if unknown */
    Progress(String what, long expected, PrintStream out) {
        this.what = what;
        this.expected = expected;
        this.out = out;
    }

    static Progress silent() {
        return new Progress("", 0, null);
    }

    void step() {
        done++;
        long now = System.nanoTime();
        if (out != null && now - last >= EVERY_NS) {
            last = now;
            out.println(line(now));
        }
    }

    void finish() {
        if (out != null) {
            out.println(line(System.nanoTime()) + " done");
        }
    }

    private String line(long now) {
        double s = (now - start) / 1e9;
        return expected > 0
                ? String.format(Locale.ROOT, "%s: %3.0f%% (%d/%d periods evaluated, %.0f s)", what,
                        Math.min(100.0, 100.0 * done / expected), done, expected, s)
                : String.format(Locale.ROOT, "%s: %d periods evaluated (%.0f s)", what, done, s);
    }
}
