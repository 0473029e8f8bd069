package dev.vigil.tools.replay;

import dev.vigil.tools.nab.NabScorer;
import dev.vigil.tools.nab.NabWindows;
import dev.vigil.tools.report.ReplayResult;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code scripts/replay --sweep SPEC}: every point of a parameter grid replayed through the
 * pipeline (several at once, each a job of parallelism 1), a table sorted by NAB standard score,
 * and the best point written as a job config file (plus the rules file it points at) that
 * {@code DetectorJob --config} and {@code scripts/replay --config} accept unchanged.
 */
final class Sweep {
    /** One grid point and what it scored. */
    static final class Point {
        final Map<String, Double> parameters;
        final NabScorer.Total total;

        Point(Map<String, Double> parameters, NabScorer.Total total) {
            this.parameters = parameters;
            this.total = total;
        }

        double standard() {
            return total.normalised(NabScorer.Profile.STANDARD);
        }
    }

    private Sweep() {}

    static boolean run(Path specFile, PrintStream stdout) throws Exception {
        SweepSpec spec = SweepSpec.read(specFile);
        ReplaySettings base = spec.config == null ? ReplaySettings.defaults() : ReplaySettings.load(spec.config);
        NabWindows windows = NabWindows.read(spec.windows);
        List<Map<String, Double>> grid = spec.grid();
        for (Map<String, Double> p : grid) {
            base.withOverrides(p); // an invalid combination fails before anything runs
        }
        int threads = Math.min(spec.parallel, grid.size());
        System.err.printf(Locale.ROOT, "sweep: %d points, %d at a time%n", grid.size(), threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        List<Future<Point>> futures = new ArrayList<>();
        try {
            for (Map<String, Double> p : grid) {
                futures.add(pool.submit(() -> {
                    ReplayResult r = LabelledReplay.replay(spec.nab, windows, false, base.withOverrides(p), 1, false,
                            null);
                    Point point = new Point(p, r.total());
                    System.err.printf(Locale.ROOT, "sweep: %d/%d  standard=%.2f  %s%n", done.incrementAndGet(), grid.size(),
                            point.standard(), p);
                    return point;
                }));
            }
            List<Point> points = new ArrayList<>();
            for (Future<Point> f : futures) {
                points.add(f.get());
            }
            points.sort(Comparator.comparingDouble(Point::standard).reversed());
            Files.createDirectories(spec.out);
            String table = table(points);
            stdout.print(table);
            Files.write(spec.out.resolve("sweep.txt"), table.getBytes(StandardCharsets.UTF_8));
            Point best = points.get(0);
            Path config = BestConfig.write(base, best.parameters, spec.out);
            stdout.printf(Locale.ROOT, "nab_standard_best=%.2f%nbest_config=%s%n", best.standard(), config);
            return true;
        } finally {
            pool.shutdownNow();
        }
    }

    static String table(List<Point> points) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s %8s %8s %8s %9s %6s %8s  %s%n", "rank",
                "standard", "lowFP", "lowFN", "windows", "FP", "TTD min", "parameters"));
        int rank = 1;
        for (Point p : points) {
            NabScorer.Total t = p.total;
            StringBuilder params = new StringBuilder();
            p.parameters.forEach((k, v) -> params.append(k).append('=').append(v).append(' '));
            sb.append(String.format(Locale.ROOT, "%4d %8.2f %8.2f %8.2f %9s %6d %8.1f  %s%n", rank++, p.standard(),
                    t.normalised(NabScorer.Profile.REWARD_LOW_FP_RATE), t.normalised(NabScorer.Profile.REWARD_LOW_FN_RATE),
                    t.windowsDetected() + "/" + t.windows(), t.falseOnsets(),
                    ReplayResult.meanTimeToDetect(t.files(), true), params.toString().trim()));
        }
        return sb.toString();
    }
}
