package dev.vigil.detector.nab;

import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.anomaly.AnomalyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Scores the default anomaly rule on a NAB-style data set.
 *
 * <pre>java dev.vigil.detector.nab.NabHarness DATA_DIR WINDOWS_JSON [name=value ...] [-q]</pre>
 *
 * Every CSV under DATA_DIR (recursively) is one series; rows with identical timestamps are combined (average),
 * the combined rows run through {@link NabDecisionChain} and its onsets are scored with {@link NabScorer}.
 */
public final class NabHarness {

    private NabHarness() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: NabHarness DATA_DIR WINDOWS_JSON [name=value|name=v1,v2,... ...] [-q]");
            System.exit(2);
        }
        Path dataDir = Paths.get(args[0]);
        NabWindows windows = NabWindows.read(Paths.get(args[1]));
        boolean quiet = false;
        List<String> names = new ArrayList<>();
        List<double[]> grids = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("-q")) {
                quiet = true;
                continue;
            }
            int eq = args[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected name=value: " + args[i]);
            }
            String[] parts = args[i].substring(eq + 1).split(",");
            double[] vals = new double[parts.length];
            for (int k = 0; k < parts.length; k++) {
                vals[k] = Double.parseDouble(parts[k]);
            }
            names.add(args[i].substring(0, eq));
            grids.add(vals);
        }
        List<Series> series = load(dataDir, windows);
        int combos = 1;
        for (double[] g : grids) {
            combos *= g.length;
        }
        boolean sweep = combos > 1;
        for (int c = 0; c < combos; c++) {
            AnomalyConfig config = AnomalyConfig.defaults();
            StringBuilder label = new StringBuilder();
            int rest = c;
            for (int k = 0; k < names.size(); k++) {
                double[] g = grids.get(k);
                double v = g[rest % g.length];
                rest /= g.length;
                config = config.with(names.get(k), v);
                label.append(names.get(k)).append('=').append(v).append(' ');
            }
            long t0 = System.nanoTime();
            NabScorer.Total total = run(series, config, quiet || sweep);
            long t1 = System.nanoTime();
            System.out.println(summary(total) + String.format(Locale.ROOT, "  (%.1fs, bytes/series %d) %s",
                    (t1 - t0) / 1e9, new AnomalyModel(config).serializedSize(), label));
        }
    }

    /** A loaded, duplicate-combined series and its windows. */
    public static final class Series {
        final String name;
        final NabCsv csv;
        final List<NabScorer.Window> windows;

        Series(String name, NabCsv csv, List<NabScorer.Window> windows) {
            this.name = name;
            this.csv = csv;
            this.windows = windows;
        }

        public String name() { return name; }
        public long[] timestamps() { return csv.timestamps(); }
        public double[] values() { return csv.values(); }
        public List<NabScorer.Window> windows() { return windows; }
    }

    public static List<Series> load(Path dataDir, NabWindows windows) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dataDir)) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().collect(Collectors.toList());
        }
        List<Series> out = new ArrayList<>();
        for (Path f : files) {
            String rel = dataDir.relativize(f).toString().replace('\\', '/');
            List<NabScorer.Window> ws = windows.get(rel);
            if (ws == null) {
                System.err.println("no windows for " + rel + ", skipped");
                continue;
            }
            out.add(new Series(rel, NabCsv.read(f).combineDuplicates(), ws));
        }
        return out;
    }

    public static String summary(NabScorer.Total total) {
        StringBuilder sb = new StringBuilder("TOTAL");
        for (NabScorer.Profile p : NabScorer.Profile.ALL) {
            sb.append(String.format(Locale.ROOT, " %s=%.2f", p.name(), total.normalised(p)));
        }
        sb.append(String.format(Locale.ROOT, " windows=%d/%d falseOnsets=%d",
                total.windowsDetected(), total.windows(), total.falseOnsets()));
        return sb.toString();
    }

    public static NabScorer.Total run(Path dataDir, NabWindows windows, AnomalyConfig config, boolean quiet)
            throws IOException {
        return run(load(dataDir, windows), config, quiet);
    }

    public static NabScorer.Total run(List<Series> series, AnomalyConfig config, boolean quiet) {
        NabScorer.Total total = new NabScorer.Total();
        for (Series sr : series) {
            String rel = sr.name;
            NabCsv csv = sr.csv;
            List<NabScorer.Window> ws = sr.windows;
            boolean[] onsets = NabDecisionChain.onsets(config, csv.timestamps(), csv.values());
            NabScorer.FileResult r = NabScorer.score(rel, csv.timestamps(), onsets, ws);
            total.add(r);
            if (!quiet) {
                StringBuilder sb = new StringBuilder();
                sb.append(String.format(Locale.ROOT, "%-58s rows=%5d std=%6.2f lowFP=%6.2f lowFN=%6.2f win=%d/%d fo=%3d",
                        rel, r.rows(), r.raw(0), r.raw(1), r.raw(2), r.windowsDetected(), r.windowCount(),
                        r.falseOnsets()));
                sb.append(" delays[min]=");
                for (NabScorer.WindowOutcome w : r.windows()) {
                    sb.append(w.detected() ? String.format(Locale.ROOT, "%.0f(%d/%d) ", w.delayMinutes(),
                            w.delayRows(), w.width()) : "miss ");
                }
                System.out.println(sb);
            }
        }
        return total;
    }
}
