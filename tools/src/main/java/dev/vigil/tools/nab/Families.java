package dev.vigil.tools.nab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Groups labelled series into families of similar shape, for leave-one-family-out validation:
 * series of one family look alike (often the same service on several hosts), so holding out one
 * of them alone would leave its twins in training and flatter the score.
 *
 * <p>The criterion, in order, from the data alone (labels unused):
 * <ol>
 *   <li>{@code 5min}: the step (smallest timestamp difference) is five minutes or more;</li>
 *   <li>{@code sparse}: at least half of the values are exactly 0 (counts of rare events);</li>
 *   <li>{@code daily}: hourly means correlate with those 24 hours later at 0.7 or more
 *       (a strong daily cycle);</li>
 *   <li>{@code irregular}: the rest (level noise, weak or broken cycles).</li>
 * </ol>
 * {@code Families DATA_DIR} prints {@code file,family,step_s,zero_share,daily_correlation}: the
 * committed {@code tools/src/main/resources/tuning/kpi-families.csv} is its output for the KPI development set.
 */
public final class Families {
    static final double SPARSE_ZERO_SHARE = 0.5;
    static final double DAILY_CORRELATION = 0.7;

    private Families() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Families DATA_DIR");
            System.exit(2);
        }
        print(Paths.get(args[0]), System.out);
    }

    static void print(Path dataDir, PrintStream out) throws IOException {
        out.println("# Families of the labelled KPI series (dev.vigil.tools.nab.Families; criterion in its Javadoc)");
        out.println("file,family,step_s,zero_share,daily_correlation");
        for (Path f : LabelledSet.csvFiles(dataDir)) {
            Shape s = shape(f);
            out.printf(Locale.ROOT, "%s,%s,%d,%.3f,%.3f%n", LabelledSet.relative(dataDir, f), s.family(), s.stepMs / 1000,
                    s.zeroShare, s.dailyCorrelation);
        }
    }

    /** The features the families are cut on. */
    static final class Shape {
        final long stepMs;
        final double zeroShare;
        final double dailyCorrelation;

        Shape(long stepMs, double zeroShare, double dailyCorrelation) {
            this.stepMs = stepMs;
            this.zeroShare = zeroShare;
            this.dailyCorrelation = dailyCorrelation;
        }

        String family() {
            if (stepMs >= 300_000L) {
                return "5min";
            }
            if (zeroShare >= SPARSE_ZERO_SHARE) {
                return "sparse";
            }
            return dailyCorrelation >= DAILY_CORRELATION ? "daily" : "irregular";
        }
    }

    static Shape shape(Path file) throws IOException {
        Map<Long, double[]> hours = new HashMap<>();
        long rows = 0;
        long zeros = 0;
        long prev = Long.MIN_VALUE;
        long step = Long.MAX_VALUE;
        try (LabelledCsv csv = LabelledCsv.open(file)) {
            while (csv.next()) {
                long t = csv.timestampMs();
                if (prev != Long.MIN_VALUE) {
                    step = Math.min(step, t - prev);
                }
                prev = t;
                rows++;
                zeros += csv.value() == 0.0 ? 1 : 0;
                double[] h = hours.computeIfAbsent(Math.floorDiv(t, 3_600_000L), k -> new double[2]);
                h[0] += csv.value();
                h[1]++;
            }
        }
        // Pearson correlation of each hour's mean with the mean 24 hours later.
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (Map.Entry<Long, double[]> e : hours.entrySet()) {
            double[] later = hours.get(e.getKey() + 24);
            if (later == null) {
                continue;
            }
            double x = e.getValue()[0] / e.getValue()[1];
            double y = later[0] / later[1];
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }
        double vx = sxx - sx * sx / n;
        double vy = syy - sy * sy / n;
        double corr = n < 2 || vx <= 0 || vy <= 0 ? 0 : (sxy - sx * sy / n) / Math.sqrt(vx * vy);
        return new Shape(step == Long.MAX_VALUE ? 0 : step, rows == 0 ? 0 : zeros / (double) rows, corr);
    }
}
