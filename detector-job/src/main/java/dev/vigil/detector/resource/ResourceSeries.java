package dev.vigil.detector.resource;

import dev.vigil.detector.series.Evaluation;
import dev.vigil.detector.series.SeriesEvaluator;
import dev.vigil.detector.rules.Rule;
import dev.vigil.schemas.MetricDatapoint;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The series one resource watches. Few per resource (one per watched metric), so a sorted list: a
 * lookup compares the rule and the dimension values in place, with no key string built per
 * datapoint, and the order (rule id, then values) keeps evaluations deterministic.
 */
final class ResourceSeries implements Iterable<WatchedSeries> {
    private final List<WatchedSeries> series = new ArrayList<>(4);

    /** One period of one series, evaluated. */
    static final class Evaluated {
        final WatchedSeries series;
        final Evaluation evaluation;

        Evaluated(WatchedSeries series, Evaluation evaluation) {
            this.series = series;
            this.evaluation = evaluation;
        }
    }

    /** The series of {@code rule} with the datapoint's dimension values (names are the rule's), or a new one. */
    WatchedSeries of(Rule rule, MetricDatapoint dp) {
        WatchedSeries s = find(rule, dp);
        if (s != null) {
            return s;
        }
        String[] values = new String[dp.dimensionCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = dp.dimensionValue(i);
        }
        s = new WatchedSeries(rule, new SeriesEvaluator(rule, SeriesDetectors.forRule(rule)), values);
        int i = series.size();
        while (i > 0 && series.get(i - 1).compareTo(s) > 0) {
            i--;
        }
        series.add(i, s);
        return s;
    }

    private WatchedSeries find(Rule rule, MetricDatapoint dp) {
        for (int k = 0; k < series.size(); k++) {
            WatchedSeries s = series.get(k);
            if (s.rule == rule && s.values.length == dp.dimensionCount()) {
                boolean same = true;
                for (int i = 0; i < s.values.length && same; i++) {
                    same = s.values[i].equals(dp.dimensionValue(i));
                }
                if (same) {
                    s.evaluator(); // the datapoint's own series: decoded
                    return s;
                }
            }
        }
        return null;
    }

    /** A series read back from state, in the order it was written (already sorted). */
    void restore(WatchedSeries s) {
        series.add(s);
    }

    /**
     * Every series advanced to the watermark, their evaluations in period order across series: when
     * the watermark jumps several periods, one series must not resolve before another's earlier
     * breach has been seen. Stable: the same period end keeps the series' order, so ids stay
     * deterministic.
     */
    List<Evaluated> advance(long watermarkMs) {
        List<Evaluated> all = new ArrayList<>(0);
        for (WatchedSeries s : series) {
            for (Evaluation e : s.advance(watermarkMs)) {
                all.add(new Evaluated(s, e));
            }
        }
        all.sort((a, b) -> Long.compare(a.evaluation.periodEndMs(), b.evaluation.periodEndMs()));
        return all;
    }

    /** How far every series' data is complete; Long.MIN_VALUE when one is not evaluated yet, MAX_VALUE with none. */
    long completeThrough() {
        long through = Long.MAX_VALUE;
        for (int k = 0; k < series.size() && through != Long.MIN_VALUE; k++) {
            through = Math.min(through, series.get(k).completeThrough());
        }
        return through;
    }

    /**
     * Start of the earliest breaching run among the series not firing yet (Long.MAX_VALUE when
     * none): a cause that opens the impairment now opens it with the breach that began there.
     */
    long runStart() {
        long start = Long.MAX_VALUE;
        for (WatchedSeries s : series) {
            start = Math.min(start, s.pendingRunStart());
        }
        return start;
    }

    /** Event time of the next period end to evaluate, or {@code next} when it is earlier. */
    long nextEvaluationTime(long next) {
        for (WatchedSeries s : series) {
            if (s.isDormant()) {
                // Silent past the point where empty periods change anything: a timer per period
                // for each of them (a million after a day of churn) would do nothing but read state.
                continue;
            }
            long start = s.nextPeriodStartMs();
            if (start == Long.MIN_VALUE) {
                start = s.firstPeriodStart; // never evaluated yet: its first period with data is next
            }
            if (start != Long.MIN_VALUE && start != Long.MAX_VALUE) {
                next = Math.min(next, start + s.rule.periodMs());
            }
        }
        return next;
    }

    /** The longest period among the series. */
    long maxPeriodMs() {
        long max = 0;
        for (WatchedSeries s : series) {
            max = Math.max(max, s.rule.periodMs());
        }
        return max;
    }

    /** Drops the series silent for {@code retentionMs} that are not firing. */
    /** True when no series holds data ahead of {@code watermarkMs} or newer than {@code retentionMs} before it. */
    boolean allIdle(long watermarkMs, long retentionMs) {
        for (WatchedSeries s : series) {
            if (!s.isIdle(watermarkMs, retentionMs)) {
                return false;
            }
        }
        return true;
    }

    void expire(long watermarkMs, long retentionMs) {
        series.removeIf(s -> !s.isFiring() && s.isIdle(watermarkMs, retentionMs));
    }

    /** True when a series of the rule with this id is watched. */
    boolean watches(String ruleId) {
        for (WatchedSeries s : series) {
            if (s.rule.id().equals(ruleId)) {
                return true;
            }
        }
        return false;
    }

    /** A series read back from state whose order is not known (a restarted one): placed in order. */
    void insert(WatchedSeries s) {
        int i = series.size();
        while (i > 0 && series.get(i - 1).compareTo(s) > 0) {
            i--;
        }
        series.add(i, s);
    }

    void clear() {
        series.clear();
    }

    int size() {
        return series.size();
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    @Override
    public Iterator<WatchedSeries> iterator() {
        return series.iterator();
    }
}
