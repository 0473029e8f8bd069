package dev.vigil.tools.nab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The NAB scoring rules (see the NAB README of the development set).
 *
 * <p>Per file of n rows: the first P = min(floor(0.15 n), 750) rows are probation and count for
 * nothing. A window [L, R] (rows whose timestamps lie within [start, end], width W = R - L + 1)
 * scores A_TP * S(-(R - i + 1) / W) / S(-1) for its earliest detected row i, or -A_FN if none.
 * A detected row outside all windows scores -A_FP before any window has ended, else
 * A_FP * S((i - R') / (W' - 1)) with R', W' of the most recently ended window.
 * S(y) = 2 / (1 + e^(5y)) - 1, and -1 for y > 3.
 */
public final class NabScorer {

    private NabScorer() {}

    /** A scoring profile: weights of true positives, false positives and false negatives. */
    public static final class Profile {
        public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);
        public static final Profile REWARD_LOW_FP_RATE = new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0);
        public static final Profile REWARD_LOW_FN_RATE = new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);
        public static final List<Profile> ALL =
                Collections.unmodifiableList(List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE));

        private final String name;
        private final double aTp;
        private final double aFp;
        private final double aFn;

        public Profile(String name, double aTp, double aFp, double aFn) {
            this.name = name;
            this.aTp = aTp;
            this.aFp = aFp;
            this.aFn = aFn;
        }

        public String name() { return name; }
        public double aTp() { return aTp; }
        public double aFp() { return aFp; }
        public double aFn() { return aFn; }
    }

    /** A labelled window, inclusive timestamps in epoch milliseconds. */
    public static final class Window {
        private final long startMs;
        private final long endMs;

        public Window(long startMs, long endMs) {
            this.startMs = startMs;
            this.endMs = endMs;
        }

        public long startMs() { return startMs; }
        public long endMs() { return endMs; }
    }

    /** Outcome of one window. */
    public static final class WindowOutcome {
        private final int firstRow;
        private final int lastRow;
        private final int detectionRow; // -1 when missed
        private final long delayMs;

        WindowOutcome(int firstRow, int lastRow, int detectionRow, long delayMs) {
            this.firstRow = firstRow;
            this.lastRow = lastRow;
            this.detectionRow = detectionRow;
            this.delayMs = delayMs;
        }

        public int firstRow() { return firstRow; }
        public int lastRow() { return lastRow; }
        public int width() { return lastRow - firstRow + 1; }
        public boolean detected() { return detectionRow >= 0; }
        public int detectionRow() { return detectionRow; }
        /** Rows from the window's first row to the earliest detection (-1 when missed). */
        public int delayRows() { return detectionRow < 0 ? -1 : detectionRow - firstRow; }
        /** Minutes from the window's first row to the earliest detection (NaN when missed). */
        public double delayMinutes() { return detectionRow < 0 ? Double.NaN : delayMs / 60000.0; }
    }

    /** Result of one file. */
    public static final class FileResult {
        private final String name;
        private final int rows;
        private final int probation;
        private final List<WindowOutcome> windows;
        private final int falseOnsets;
        private final double[] raw;

        FileResult(String name, int rows, int probation, List<WindowOutcome> windows, int falseOnsets, double[] raw) {
            this.name = name;
            this.rows = rows;
            this.probation = probation;
            this.windows = Collections.unmodifiableList(windows);
            this.falseOnsets = falseOnsets;
            this.raw = raw;
        }

        public String name() { return name; }
        public int rows() { return rows; }
        public int probation() { return probation; }
        public List<WindowOutcome> windows() { return windows; }
        public int windowCount() { return windows.size(); }
        public int windowsDetected() {
            int d = 0;
            for (WindowOutcome w : windows) {
                if (w.detected()) {
                    d++;
                }
            }
            return d;
        }
        public int windowsMissed() { return windows.size() - windowsDetected(); }
        /** Detected rows outside all windows after probation. */
        public int falseOnsets() { return falseOnsets; }
        /** Raw score for the profile at the given index of {@link Profile#ALL}. */
        public double raw(int profileIndex) { return raw[profileIndex]; }
        public double raw(Profile p) { return raw[Profile.ALL.indexOf(p)]; }
    }

    /** Sums over files. */
    public static final class Total {
        private final List<FileResult> files = new ArrayList<>();

        public Total add(FileResult r) {
            files.add(r);
            return this;
        }

        public List<FileResult> files() { return Collections.unmodifiableList(files); }

        public int windows() {
            int s = 0;
            for (FileResult f : files) {
                s += f.windowCount();
            }
            return s;
        }

        public int windowsDetected() {
            int s = 0;
            for (FileResult f : files) {
                s += f.windowsDetected();
            }
            return s;
        }

        public int falseOnsets() {
            int s = 0;
            for (FileResult f : files) {
                s += f.falseOnsets();
            }
            return s;
        }

        public double raw(Profile p) {
            int k = Profile.ALL.indexOf(p);
            double s = 0;
            for (FileResult f : files) {
                s += f.raw[k];
            }
            return s;
        }

        public double perfect(Profile p) { return p.aTp() * windows(); }
        public double nullScore(Profile p) { return -p.aFn() * windows(); }

        /** 100 * (raw - null) / (perfect - null). */
        public double normalised(Profile p) {
            double perfect = perfect(p);
            double nul = nullScore(p);
            if (perfect == nul) {
                return 0.0;
            }
            return 100.0 * (raw(p) - nul) / (perfect - nul);
        }
    }

    /** S(y) = 2 / (1 + e^(5y)) - 1, and -1 for y > 3. */
    public static double sigmoid(double y) {
        if (y > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * y)) - 1.0;
    }

    public static int probation(int n) {
        return Math.min((int) Math.floor(0.15 * n), 750);
    }

    /**
     * Scores one file.
     *
     * @param timestamps row timestamps (ascending)
     * @param detections detection flag per row
     * @param windows labelled windows
     */
    public static FileResult score(String name, long[] timestamps, boolean[] detections, List<Window> windows) {
        int n = timestamps.length;
        if (detections.length != n) {
            throw new IllegalArgumentException("detections length " + detections.length + " != rows " + n);
        }
        int probation = probation(n);
        // window rows
        List<int[]> bounds = new ArrayList<>();
        for (Window w : windows) {
            int l = -1;
            int r = -1;
            for (int i = 0; i < n; i++) {
                if (timestamps[i] >= w.startMs() && timestamps[i] <= w.endMs()) {
                    if (l < 0) {
                        l = i;
                    }
                    r = i;
                }
            }
            bounds.add(new int[] {l, r});
        }
        bounds.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] windowOf = new int[n];
        java.util.Arrays.fill(windowOf, -1);
        for (int k = 0; k < bounds.size(); k++) {
            int[] b = bounds.get(k);
            if (b[0] >= 0) {
                for (int i = b[0]; i <= b[1]; i++) {
                    windowOf[i] = k;
                }
            }
        }
        int[] earliest = new int[bounds.size()];
        java.util.Arrays.fill(earliest, -1);
        int np = Profile.ALL.size();
        double[] raw = new double[np];
        int falseOnsets = 0;
        double maxTp = sigmoid(-1.0);
        int prevEnd = -1; // R' of the most recently ended window
        int prevWidth = 0;
        for (int i = 0; i < n; i++) {
            // update the most recently ended window: any window with R < i
            for (int k = 0; k < bounds.size(); k++) {
                int[] b = bounds.get(k);
                if (b[0] >= 0 && b[1] < i && b[1] > prevEnd) {
                    prevEnd = b[1];
                    prevWidth = b[1] - b[0] + 1;
                }
            }
            if (i < probation || !detections[i]) {
                continue;
            }
            int k = windowOf[i];
            if (k >= 0) {
                if (earliest[k] < 0) {
                    earliest[k] = i;
                }
            } else {
                falseOnsets++;
                double unweighted;
                if (prevEnd < 0) {
                    unweighted = -1.0;
                } else if (prevWidth <= 1) {
                    unweighted = -1.0;
                } else {
                    unweighted = sigmoid((i - prevEnd) / (double) (prevWidth - 1));
                }
                for (int p = 0; p < np; p++) {
                    raw[p] += Profile.ALL.get(p).aFp() * unweighted;
                }
            }
        }
        List<WindowOutcome> outcomes = new ArrayList<>();
        for (int k = 0; k < bounds.size(); k++) {
            int[] b = bounds.get(k);
            int e = earliest[k];
            if (e >= 0) {
                int w = b[1] - b[0] + 1;
                double s = sigmoid(-(b[1] - e + 1) / (double) w) / maxTp;
                for (int p = 0; p < np; p++) {
                    raw[p] += Profile.ALL.get(p).aTp() * s;
                }
                outcomes.add(new WindowOutcome(b[0], b[1], e, timestamps[e] - timestamps[b[0]]));
            } else {
                for (int p = 0; p < np; p++) {
                    raw[p] -= Profile.ALL.get(p).aFn();
                }
                outcomes.add(new WindowOutcome(b[0], b[1], -1, 0));
            }
        }
        return new FileResult(name, n, probation, outcomes, falseOnsets, raw);
    }
}
