package dev.vigil.tools.nab;

import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fast tuning in plain Java: the labelled sets in memory, every series through the production
 * decision chain ({@link SeriesRun}) under the replay rule, as {@code scripts/replay --nab} and
 * {@code --labelled} run it through Flink (same rule, same chain, same scorers: the same figures).
 *
 * <pre>
 * LabelledHarness [--nab DIR [--windows FILE]] [--labelled DIR [--families FILE]] [--rules FILE]
 *                 [--threads N] [--files] [--cv] [--random N [--seed S]]
 *                 [--only SUBSTRING] [--plots DIR [--plot-from ROW] [--plot-rows N]] [name=v1,v2,... ...]
 * </pre>
 *
 * Names are the model's parameters or {@link LabelledRule#DECISION_KEYS}; a list of values makes a
 * grid, every point of which is run and printed ({@code --random N}: N points drawn from it
 * instead). {@code --cv} then holds out each NAB category and each family in turn
 * ({@link CrossValidation}); the first value of every list is the default point. {@code --only}
 * keeps the series whose name contains it; {@code --plots} draws them (values, band, score,
 * onsets, labels) as the replay's report does.
 */
public final class LabelledHarness {
    private LabelledHarness() {}

    public static void main(String[] args) throws IOException {
        Path nab = null;
        Path windows = null;
        Path labelled = null;
        Path families = null;
        String rules = RuleSet.DEFAULT_LOCATION;
        int threads = 1;
        boolean files = false;
        boolean cv = false;
        Path plots = null;
        String only = null;
        int random = 0;
        int plotFrom = 0;
        int plotRows = 0;
        long seed = 1;
        Map<String, double[]> grid = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--nab": nab = Paths.get(args[++i]); break;
                case "--windows": windows = Paths.get(args[++i]); break;
                case "--labelled": labelled = Paths.get(args[++i]); break;
                case "--families": families = Paths.get(args[++i]); break;
                case "--rules": rules = args[++i]; break;
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--files": files = true; break;
                case "--cv": cv = true; break;
                case "--print-families":
                    Families.print(Paths.get(args[++i]), System.out);
                    return;
                case "--plots": plots = Paths.get(args[++i]); break;
                case "--only": only = args[++i]; break;
                case "--plot-from": plotFrom = Integer.parseInt(args[++i]); break;
                case "--plot-rows": plotRows = Integer.parseInt(args[++i]); break;
                case "--random": random = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                default:
                    int eq = a.indexOf('=');
                    if (eq < 0) {
                        System.err.println("usage: LabelledHarness [--nab DIR [--windows FILE]] [--labelled DIR "
                                + "[--families FILE]] [--rules FILE] [--threads N] [--files] [--cv] [--random N [--seed S]] "
                                + "[--only SUBSTRING] [--plots DIR [--plot-from ROW] [--plot-rows N]] [name=v1,v2,...]");
                        System.exit(2);
                    }
                    String[] parts = a.substring(eq + 1).split(",");
                    double[] vals = new double[parts.length];
                    for (int k = 0; k < parts.length; k++) {
                        vals[k] = Double.parseDouble(parts[k]);
                    }
                    grid.put(a.substring(0, eq), vals);
            }
        }
        List<LabelledSet.Series> series = new ArrayList<>();
        if (nab != null) {
            Path w = windows != null ? windows : nab.toAbsolutePath().resolveSibling("windows.json");
            series.addAll(LabelledSet.loadNab(nab, NabWindows.read(w)));
        }
        if (labelled != null) {
            series.addAll(LabelledSet.loadLabelled(labelled, families == null ? Map.of() : LabelledSet.readFamilies(families)));
        }
        if (series.isEmpty()) {
            System.err.println("nothing to run: give --nab and/or --labelled");
            System.exit(2);
        }
        if (only != null) {
            String o = only;
            series.removeIf(x -> !x.name().contains(o));
        }
        RuleSet ruleSet = RuleSet.load(rules);
        List<CrossValidation.Point> points = new ArrayList<>();
        List<Map<String, Double>> grid2 = random > 0 ? randomPoints(grid, random, seed) : points(grid);
        for (Map<String, Double> p : grid2) {
            Rule rule = LabelledRule.from(ruleSet, p);
            long t0 = System.nanoTime();
            SetScore s = SetScore.run(series, rule, threads);
            double secs = (System.nanoTime() - t0) / 1e9;
            if (files) {
                printFiles(s, System.out);
            }
            System.out.println(line(s) + String.format(Locale.ROOT, "  (%.1fs) %s", secs, p));
            points.add(new CrossValidation.Point(p, s));
            if (plots != null) {
                DiagnosticPlots.write(series, rule, plots, plotFrom, plotRows);
            }
        }
        if (cv) {
            new CrossValidation(points, 0).print(System.out);
        }
    }

    /** {@code n} points, each value drawn uniformly from its list; the first point is all first values. */
    static List<Map<String, Double>> randomPoints(Map<String, double[]> grid, int n, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        List<Map<String, Double>> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Map<String, Double> p = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : grid.entrySet()) {
                double[] v = e.getValue();
                p.put(e.getKey(), k == 0 ? v[0] : v[rnd.nextInt(v.length)]);
            }
            out.add(p);
        }
        return out;
    }

    /** Every combination of the grid, the first value of each list first. */
    static List<Map<String, Double>> points(Map<String, double[]> grid) {
        List<Map<String, Double>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, double[]> e : grid.entrySet()) {
            List<Map<String, Double>> next = new ArrayList<>();
            for (Map<String, Double> p : out) {
                for (double v : e.getValue()) {
                    Map<String, Double> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            out = next;
        }
        return out;
    }

    /** One line of figures, the same keys the replay prints. */
    public static String line(SetScore s) {
        StringBuilder sb = new StringBuilder();
        NabScorer.Total nab = s.nab(g -> true);
        if (nab != null) {
            for (NabScorer.Profile p : NabScorer.Profile.ALL) {
                sb.append(String.format(Locale.ROOT, "nab_%s=%.2f ", p.name(), nab.normalised(p)));
            }
            sb.append(String.format(Locale.ROOT, "windows=%d/%d false_onsets=%d ", nab.windowsDetected(), nab.windows(),
                    nab.falseOnsets()));
        }
        EventF1Scorer.Total ev = s.events(g -> true);
        if (ev != null) {
            sb.append(String.format(Locale.ROOT, "event_f1=%.3f precision=%.3f recall=%.3f delay=%.2f segments=%d/%d false=%d",
                    ev.f1(), ev.precision(), ev.recall(), ev.meanDelaySteps(), ev.detected(), ev.segments(),
                    ev.falseDetections()));
        }
        return sb.toString().trim();
    }

    static void printFiles(SetScore s, PrintStream out) {
        for (SetScore.Outcome o : s.outcomes()) {
            if (o.nab != null) {
                NabScorer.FileResult r = o.nab;
                out.printf(Locale.ROOT, "%-58s rows=%d std=%.2f win=%d/%d fo=%d%n", r.name(), r.rows(),
                        r.raw(NabScorer.Profile.STANDARD), r.windowsDetected(), r.windowCount(), r.falseOnsets());
            } else {
                EventF1Scorer.Total t = new EventF1Scorer.Total().add(o.events);
                out.printf(Locale.ROOT, "%-20s %-10s rows=%6d f1=%.3f p=%.3f r=%.3f seg=%d/%d false=%d delay=%.2f%n",
                        o.events.name(), o.series.group, o.events.rows(), t.f1(), t.precision(), t.recall(), t.detected(),
                        t.segments(), t.falseDetections(), t.meanDelaySteps());
            }
        }
    }
}
