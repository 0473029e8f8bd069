package dev.vigil.tools.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Labelled series held in memory for fast tuning (the replay streams instead): NAB folders,
 * scored by windows with {@link NabScorer}, and labelled {@code timestamp,value,label} folders,
 * scored by segments with {@link EventF1Scorer}. Each series has a group, the unit a
 * cross-validation fold holds out: a NAB file's category (its folder), a labelled file's family
 * (from a families file, see {@link #readFamilies}).
 */
public final class LabelledSet {
    /** One recorded series. */
    public static final class Series {
        final String name;
        final String group;
        final long[] timestamps;
        final double[] values;
        /** Per-row labels for event scoring; null for a NAB series. */
        final boolean[] labels;
        /** NAB windows; null for an event-scored series. */
        final List<NabScorer.Window> windows;

        Series(String name, String group, long[] timestamps, double[] values, boolean[] labels,
               List<NabScorer.Window> windows) {
            this.name = name;
            this.group = group;
            this.timestamps = timestamps;
            this.values = values;
            this.labels = labels;
            this.windows = windows;
        }

        public String name() { return name; }
        public String group() { return group; }
        public boolean isNab() { return windows != null; }
        public int size() { return timestamps.length; }
        public long[] timestamps() { return timestamps; }
        public double[] values() { return values; }
    }

    private LabelledSet() {}

    /** Every CSV under {@code dataDir} with windows in {@code windows}; group = the first folder of its path. */
    public static List<Series> loadNab(Path dataDir, NabWindows windows) throws IOException {
        List<Series> out = new ArrayList<>();
        for (Path f : csvFiles(dataDir)) {
            String rel = relative(dataDir, f);
            List<NabScorer.Window> ws = windows.get(rel);
            if (ws == null) {
                System.err.println("no windows for " + rel + ", skipped");
                continue;
            }
            int slash = rel.indexOf('/');
            out.add(read(f, rel, slash < 0 ? "nab" : rel.substring(0, slash), false, ws));
        }
        return out;
    }

    /** Every labelled CSV under {@code dataDir}; group from {@code families} (file name to family), else "all". */
    public static List<Series> loadLabelled(Path dataDir, Map<String, String> families) throws IOException {
        List<Series> out = new ArrayList<>();
        for (Path f : csvFiles(dataDir)) {
            String rel = relative(dataDir, f);
            out.add(read(f, rel, families.getOrDefault(rel, "all"), true, null));
        }
        return out;
    }

    private static Series read(Path f, String name, String group, boolean labelled, List<NabScorer.Window> windows)
            throws IOException {
        long[] ts = new long[1 << 12];
        double[] vs = new double[ts.length];
        boolean[] ls = labelled ? new boolean[ts.length] : null;
        int n = 0;
        try (LabelledCsv csv = LabelledCsv.open(f)) {
            if (labelled && !csv.labelled()) {
                throw new IOException(f + ": no label column");
            }
            while (csv.next()) {
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, n * 2);
                    vs = Arrays.copyOf(vs, n * 2);
                    ls = ls == null ? null : Arrays.copyOf(ls, n * 2);
                }
                ts[n] = csv.timestampMs();
                vs[n] = csv.value();
                if (ls != null) {
                    ls[n] = csv.label();
                }
                n++;
            }
        }
        return new Series(name, group, Arrays.copyOf(ts, n), Arrays.copyOf(vs, n),
                ls == null ? null : Arrays.copyOf(ls, n), windows);
    }

    /**
     * A families file: lines {@code file,family[,...]} (a header line and {@code #} comments are
     * skipped); file names are relative to the data folder.
     */
    public static Map<String, String> readFamilies(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split(",");
                if (first && f[0].equals("file")) {
                    first = false;
                    continue;
                }
                first = false;
                if (f.length < 2) {
                    throw new IOException(file + ": expected file,family: " + line);
                }
                m.put(f[0].trim(), f[1].trim());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    static List<Path> csvFiles(Path dataDir) throws IOException {
        try (Stream<Path> s = Files.walk(dataDir)) {
            return s.filter(p -> p.toString().endsWith(".csv") && Files.isRegularFile(p)).sorted()
                    .collect(Collectors.toList());
        }
    }

    static String relative(Path dataDir, Path f) {
        return dataDir.relativize(f).toString().replace('\\', '/');
    }
}
