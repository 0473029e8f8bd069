package dev.vigil.detector.nab;

import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.anomaly.AnomalyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
            System.err.println("usage: NabHarness DATA_DIR WINDOWS_JSON [name=value ...] [-q]");
            System.exit(2);
        }
        Path dataDir = Paths.get(args[0]);
        NabWindows windows = NabWindows.read(Paths.get(args[1]));
        AnomalyConfig config = AnomalyConfig.defaults();
        boolean quiet = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("-q")) {
                quiet = true;
                continue;
            }
            int eq = args[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected name=value: " + args[i]);
            }
            config = config.with(args[i].substring(0, eq), Double.parseDouble(args[i].substring(eq + 1)));
        }
        long t0 = System.nanoTime();
        NabScorer.Total total = run(dataDir, windows, config, quiet);
        long t1 = System.nanoTime();
        System.out.println(summary(total) + String.format(Locale.ROOT, "  (%.1fs, bytes/series %d)",
                (t1 - t0) / 1e9, new AnomalyModel(config).serializedSize()));
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
        List<Path> files;
        try (Stream<Path> s = Files.walk(dataDir)) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().collect(Collectors.toList());
        }
        NabScorer.Total total = new NabScorer.Total();
        for (Path f : files) {
            String rel = dataDir.relativize(f).toString().replace('\\', '/');
            List<NabScorer.Window> ws = windows.get(rel);
            if (ws == null) {
                System.err.println("no windows for " + rel + ", skipped");
                continue;
            }
            NabCsv csv = NabCsv.read(f).combineDuplicates();
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
