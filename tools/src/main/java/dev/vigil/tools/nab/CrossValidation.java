package dev.vigil.tools.nab;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Leave one group out: for each NAB category and each labelled family in turn, the grid point
 * that scores best on everything else is chosen and scored on the group held out. A default that
 * only fits the development set shows here as held-out folds worse than the full-set score.
 *
 * <p>The objective is the one both sets share, since one configuration serves both: NAB standard
 * / 100 + event F1 over the training part. A category without windows (NAB's artificialNoAnomaly)
 * has no normalised score; its fold reports the raw score and false onsets and is left out of the
 * mean and the worst.
 */
public final class CrossValidation {
    /** One evaluated grid point. */
    public static final class Point {
        final Map<String, Double> parameters;
        final SetScore score;

        public Point(Map<String, Double> parameters, SetScore score) {
            this.parameters = parameters;
            this.score = score;
        }
    }

    private final List<Point> points;
    private final int defaultIndex;

    /** @param defaultIndex the point holding the default configuration (its held-out scores are shown too) */
    public CrossValidation(List<Point> points, int defaultIndex) {
        this.points = points;
        this.defaultIndex = defaultIndex;
    }

    static double objective(SetScore s, Predicate<String> nabGroups, Predicate<String> eventGroups) {
        NabScorer.Total nab = s.nab(nabGroups);
        EventF1Scorer.Total ev = s.events(eventGroups);
        return (nab == null ? 0 : nab.normalised(NabScorer.Profile.STANDARD) / 100.0) + (ev == null ? 0 : ev.f1());
    }

    private int best(Predicate<String> nabGroups, Predicate<String> eventGroups) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < points.size(); i++) {
            double o = objective(points.get(i).score, nabGroups, eventGroups);
            if (o > bestScore + 1e-12) {
                bestScore = o;
                best = i;
            }
        }
        return best;
    }

    private Set<String> groups(boolean nab) {
        Set<String> g = new LinkedHashSet<>();
        for (SetScore.Outcome o : points.get(0).score.outcomes()) {
            if ((o.nab != null) == nab) {
                g.add(o.series.group);
            }
        }
        return g;
    }

    public void print(PrintStream out) {
        out.println();
        out.println("cross-validation over " + points.size() + " grid points (objective: NAB standard/100 + event F1 on the training folds)");
        nabTable(out);
        eventTable(out);
        int full = best(g -> true, g -> true);
        out.printf(Locale.ROOT, "best on the full set: %s%n", points.get(full).parameters);
    }

    private void nabTable(PrintStream out) {
        Set<String> groups = groups(true);
        if (groups.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%nNAB, one category held out (standard profile):%n%-24s %9s %9s %9s  %s%n",
                "held out", "chosen", "default", "train", "chosen parameters");
        List<Double> chosen = new ArrayList<>();
        List<Double> defaults = new ArrayList<>();
        for (String g : groups) {
            int b = best(x -> !x.equals(g), x -> true);
            NabScorer.Total held = points.get(b).score.nab(g::equals);
            NabScorer.Total heldDefault = points.get(defaultIndex).score.nab(g::equals);
            NabScorer.Total train = points.get(b).score.nab(x -> !x.equals(g));
            String c;
            String d;
            if (held.windows() == 0) {
                c = String.format(Locale.ROOT, "raw %.2f/%dFP", held.raw(NabScorer.Profile.STANDARD), held.falseOnsets());
                d = String.format(Locale.ROOT, "raw %.2f/%dFP", heldDefault.raw(NabScorer.Profile.STANDARD),
                        heldDefault.falseOnsets());
            } else {
                chosen.add(held.normalised(NabScorer.Profile.STANDARD));
                defaults.add(heldDefault.normalised(NabScorer.Profile.STANDARD));
                c = String.format(Locale.ROOT, "%.2f", held.normalised(NabScorer.Profile.STANDARD));
                d = String.format(Locale.ROOT, "%.2f", heldDefault.normalised(NabScorer.Profile.STANDARD));
            }
            out.printf(Locale.ROOT, "%-24s %9s %9s %9.2f  %s%n", g, c, d, train.normalised(NabScorer.Profile.STANDARD),
                    points.get(b).parameters);
        }
        summary(out, chosen, defaults, points.get(defaultIndex).score.nab(x -> true).normalised(NabScorer.Profile.STANDARD), "%.2f");
    }

    private void eventTable(PrintStream out) {
        Set<String> groups = groups(false);
        if (groups.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%nLabelled KPIs, one family held out (event F1):%n%-24s %9s %9s %9s  %s%n",
                "held out", "chosen", "default", "train", "chosen parameters");
        List<Double> chosen = new ArrayList<>();
        List<Double> defaults = new ArrayList<>();
        for (String g : groups) {
            int b = best(x -> true, x -> !x.equals(g));
            double held = points.get(b).score.events(g::equals).f1();
            double heldDefault = points.get(defaultIndex).score.events(g::equals).f1();
            EventF1Scorer.Total train = points.get(b).score.events(x -> !x.equals(g));
            chosen.add(held);
            defaults.add(heldDefault);
            out.printf(Locale.ROOT, "%-24s %9.3f %9.3f %9.3f  %s%n", g, held, heldDefault,
                    train == null ? Double.NaN : train.f1(), points.get(b).parameters);
        }
        summary(out, chosen, defaults, points.get(defaultIndex).score.events(x -> true).f1(), "%.3f");
    }

    private static void summary(PrintStream out, List<Double> chosen, List<Double> defaults, double full, String fmt) {
        out.printf(Locale.ROOT, "%-24s %9s %9s%n", "mean", String.format(Locale.ROOT, fmt, mean(chosen)),
                String.format(Locale.ROOT, fmt, mean(defaults)));
        out.printf(Locale.ROOT, "%-24s %9s %9s%n", "worst", String.format(Locale.ROOT, fmt, min(chosen)),
                String.format(Locale.ROOT, fmt, min(defaults)));
        out.printf(Locale.ROOT, "%-24s %9s %9s%n", "full set (default)", "", String.format(Locale.ROOT, fmt, full));
    }

    private static double mean(List<Double> v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return v.isEmpty() ? Double.NaN : s / v.size();
    }

    private static double min(List<Double> v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return v.isEmpty() ? Double.NaN : m;
    }
}
