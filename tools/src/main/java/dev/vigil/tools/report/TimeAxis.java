package dev.vigil.tools.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A time axis in wall-clock time (UTC): ticks on round instants (every 5 minutes, every hour,
 * every day, ...) labelled as a person reads a clock, with the date where it changes.
 */
final class TimeAxis {
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long[] STEPS = {SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
            MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR,
            12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY, 364 * DAY};
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final long step;
    private final List<Long> ticks = new ArrayList<>();

    /** At most {@code maxTicks} ticks within [t0, t1]. */
    TimeAxis(long t0, long t1, int maxTicks) {
        long span = Math.max(1, t1 - t0);
        long s = STEPS[STEPS.length - 1];
        for (long candidate : STEPS) {
            if (span / candidate <= maxTicks) {
                s = candidate;
                break;
            }
        }
        step = s;
        for (long t = Math.floorDiv(t0 + step - 1, step) * step; t <= t1; t += step) {
            ticks.add(t);
        }
    }

    List<Long> ticks() {
        return ticks;
    }

    /** The label of the {@code k}-th tick: the clock, with the date on the first tick and where the day changes. */
    String label(int k) {
        long t = ticks.get(k);
        if (step >= DAY) {
            return DATE.format(Instant.ofEpochMilli(t));
        }
        String clock = (step < MINUTE ? CLOCK_SECONDS : CLOCK).format(Instant.ofEpochMilli(t));
        boolean newDay = k == 0 || Math.floorDiv(t, DAY) != Math.floorDiv(ticks.get(k - 1), DAY);
        return newDay ? DATE.format(Instant.ofEpochMilli(t)) + " " + clock : clock;
    }

    /** The pattern a chart library should label dates with over a span of {@code spanMs}. */
    static String datePattern(long spanMs) {
        return spanMs <= 2 * DAY ? "MM-dd HH:mm" : spanMs <= 60 * DAY ? "MM-dd" : "yyyy-MM-dd";
    }
}
