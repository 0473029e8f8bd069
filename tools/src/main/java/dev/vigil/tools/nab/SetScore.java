package dev.vigil.tools.nab;

import dev.vigil.detector.rules.Rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Every series of a labelled set run under one rule through {@link SeriesRun} (the production
 * decision chain) and scored: NAB series by windows, labelled series by segments. Totals can be
 * taken over any subset of groups, which is what a cross-validation fold needs.
 */
public final class SetScore {
    /** One series' outcome: exactly one of the two results is set. */
    public static final class Outcome {
        final LabelledSet.Series series;
        final NabScorer.FileResult nab;
        final EventF1Scorer.FileResult events;

        Outcome(LabelledSet.Series series, NabScorer.FileResult nab, EventF1Scorer.FileResult events) {
            this.series = series;
            this.nab = nab;
            this.events = events;
        }

        public LabelledSet.Series series() { return series; }
        public NabScorer.FileResult nab() { return nab; }
        public EventF1Scorer.FileResult events() { return events; }
    }

    private final List<Outcome> outcomes;

    private SetScore(List<Outcome> outcomes) {
        this.outcomes = Collections.unmodifiableList(outcomes);
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** Runs every series (on {@code threads} threads, the series shared out in order). */
    public static SetScore run(List<LabelledSet.Series> series, Rule rule, int threads) {
        if (threads <= 1) {
            List<Outcome> out = new ArrayList<>(series.size());
            for (LabelledSet.Series s : series) {
                out.add(score(s, rule));
            }
            return new SetScore(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            // Longest first, so one long series does not finish alone at the end.
            List<LabelledSet.Series> order = new ArrayList<>(series);
            order.sort((a, b) -> Integer.compare(b.size(), a.size()));
            for (LabelledSet.Series s : order) {
                futures.add(pool.submit(() -> score(s, rule)));
            }
            List<Outcome> done = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                done.add(f.get());
            }
            List<Outcome> out = new ArrayList<>(series.size());
            for (LabelledSet.Series s : series) {
                for (Outcome o : done) {
                    if (o.series == s) {
                        out.add(o);
                    }
                }
            }
            return new SetScore(out);
        } catch (Exception e) {
            throw new IllegalStateException("scoring failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Onsets of one series under the rule. */
    public static boolean[] onsets(LabelledSet.Series s, Rule rule) {
        SeriesRun run = new SeriesRun(rule);
        boolean[] onsets = new boolean[s.size()];
        for (int i = 0; i < onsets.length; i++) {
            onsets[i] = run.step(s.timestamps[i], s.values[i]);
        }
        return onsets;
    }

    static Outcome score(LabelledSet.Series s, Rule rule) {
        boolean[] onsets = onsets(s, rule);
        if (s.isNab()) {
            return new Outcome(s, NabScorer.score(s.name, s.timestamps, onsets, s.windows), null);
        }
        return new Outcome(s, null, EventF1Scorer.score(s.name, s.timestamps, s.labels, onsets));
    }

    /** NAB total over the NAB series whose group passes; null when there is none. */
    public NabScorer.Total nab(Predicate<String> group) {
        NabScorer.Total t = new NabScorer.Total();
        boolean any = false;
        for (Outcome o : outcomes) {
            if (o.nab != null && group.test(o.series.group)) {
                t.add(o.nab);
                any = true;
            }
        }
        return any ? t : null;
    }

    /** Event total over the labelled series whose group passes; null when there is none. */
    public EventF1Scorer.Total events(Predicate<String> group) {
        EventF1Scorer.Total t = new EventF1Scorer.Total();
        boolean any = false;
        for (Outcome o : outcomes) {
            if (o.events != null && group.test(o.series.group)) {
                t.add(o.events);
                any = true;
            }
        }
        return any ? t : null;
    }
}
