package dev.vigil.tools.nab;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * Event F1 with a delay, on onsets (the KPI set's rule, see its README): each maximal run of
 * consecutive rows labelled 1 is a segment; it is detected when a detection lies in
 * [start, start + D], D = 7 steps (step = the file's smallest timestamp difference). A detection
 * inside [start, max(end, start + D)] of some segment is never false; every other one is. The
 * first min(15 % of the rows, 2 days) are probation: segments starting there and detections there
 * count for nothing. Precision, recall and F1 are pooled over files.
 *
 * <p>Streaming: {@link File} takes one row at a time and keeps only the segments a detection
 * can still fall into (those started within D), so a file of any length is scored in constant memory.
 */
public final class EventF1Scorer {
    public static final int DELAY_STEPS = 7;
    public static final long MAX_PROBATION_MS = 2 * 86_400_000L;

    private EventF1Scorer() {}

    /** A labelled segment: first and last row's timestamps; detection delay in steps, NaN when missed. */
    public static final class Segment {
        private final long startMs;
        private long endMs;
        private final boolean scored;
        private double delaySteps = Double.NaN;

        Segment(long startMs, boolean scored) {
            this.startMs = startMs;
            this.endMs = startMs;
            this.scored = scored;
        }

        public long startMs() { return startMs; }
        public long endMs() { return endMs; }
        /** False for a segment that started in probation. */
        public boolean scored() { return scored; }
        public boolean detected() { return !Double.isNaN(delaySteps); }
        public double delaySteps() { return delaySteps; }
    }

    /** One file's outcome. */
    public static final class FileResult {
        private final String name;
        private final long rows;
        private final long stepMs;
        private final List<Segment> segments;
        private final int falseDetections;

        FileResult(String name, long rows, long stepMs, List<Segment> segments, int falseDetections) {
            this.name = name;
            this.rows = rows;
            this.stepMs = stepMs;
            this.segments = Collections.unmodifiableList(segments);
            this.falseDetections = falseDetections;
        }

        public String name() { return name; }
        public long rows() { return rows; }
        public long stepMs() { return stepMs; }
        /** Every segment, those in probation included (they are drawn, not scored). */
        public List<Segment> allSegments() { return segments; }

        public int segments() {
            int n = 0;
            for (Segment s : segments) {
                n += s.scored ? 1 : 0;
            }
            return n;
        }

        public int detected() {
            int n = 0;
            for (Segment s : segments) {
                n += s.scored && s.detected() ? 1 : 0;
            }
            return n;
        }

        public int falseDetections() { return falseDetections; }

        double delaySum() {
            double d = 0;
            for (Segment s : segments) {
                if (s.scored && s.detected()) {
                    d += s.delaySteps;
                }
            }
            return d;
        }
    }

    /** Counts pooled over files. */
    public static final class Total {
        private final List<FileResult> files = new ArrayList<>();
        private int segments;
        private int detected;
        private int falseDetections;
        private double delaySum;

        public Total add(FileResult f) {
            files.add(f);
            segments += f.segments();
            detected += f.detected();
            falseDetections += f.falseDetections();
            delaySum += f.delaySum();
            return this;
        }

        public List<FileResult> files() { return Collections.unmodifiableList(files); }
        public int segments() { return segments; }
        public int detected() { return detected; }
        public int falseDetections() { return falseDetections; }

        /** detected / (detected + false); 0 when nothing was detected. */
        public double precision() {
            return detected + falseDetections == 0 ? 0.0 : detected / (double) (detected + falseDetections);
        }

        /** detected / segments; 0 without segments. */
        public double recall() {
            return segments == 0 ? 0.0 : detected / (double) segments;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
        }

        /** Mean steps from segment start to its detection; NaN when none was detected. */
        public double meanDelaySteps() {
            return detected == 0 ? Double.NaN : delaySum / detected;
        }
    }

    /** Scores one file row by row. */
    public static final class File {
        private final String name;
        private final long rows;
        private final long stepMs;
        private final long delayMs;
        private final long probationRows;
        private final long probationEndMs;
        private final List<Segment> segments = new ArrayList<>();
        /** Segments a detection may still fall into, oldest first. */
        private final Deque<Segment> live = new ArrayDeque<>();
        private Segment open;
        private long row;
        private int falseDetections;

        /**
         * @param rows    rows in the file (for the 15 % probation)
         * @param stepMs  the file's smallest timestamp difference
         * @param firstMs the first row's timestamp (for the 2-day probation)
         */
        public File(String name, long rows, long stepMs, long firstMs) {
            this.name = name;
            this.rows = rows;
            this.stepMs = Math.max(1, stepMs);
            this.delayMs = DELAY_STEPS * this.stepMs;
            this.probationRows = (long) Math.floor(0.15 * rows);
            this.probationEndMs = firstMs + MAX_PROBATION_MS;
        }

        /** The next row (ascending time): its label and whether the detector detected at it. */
        public void row(long timestampMs, boolean label, boolean detection) {
            boolean probation = row < probationRows && timestampMs < probationEndMs;
            row++;
            if (label) {
                if (open == null) {
                    open = new Segment(timestampMs, !probation);
                    segments.add(open);
                    live.addLast(open);
                }
                open.endMs = timestampMs;
            } else {
                open = null;
            }
            while (!live.isEmpty() && live.peekFirst() != open
                    && Math.max(live.peekFirst().endMs, live.peekFirst().startMs + delayMs) < timestampMs) {
                live.removeFirst();
            }
            if (!detection || probation) {
                return;
            }
            boolean inside = false;
            for (Segment s : live) {
                if (timestampMs <= s.startMs + delayMs) {
                    inside = true;
                    if (s.scored && !s.detected()) {
                        s.delaySteps = (timestampMs - s.startMs) / (double) stepMs;
                    }
                } else if (s == open || timestampMs <= s.endMs) {
                    inside = true;
                }
            }
            if (!inside) {
                falseDetections++;
            }
        }

        public FileResult finish() {
            return new FileResult(name, rows, stepMs, segments, falseDetections);
        }
    }

    /** Scores a whole file held in arrays (tests, the tuning harness). */
    public static FileResult score(String name, long[] timestamps, boolean[] labels, boolean[] detections) {
        int n = timestamps.length;
        long step = Long.MAX_VALUE;
        for (int i = 1; i < n; i++) {
            step = Math.min(step, timestamps[i] - timestamps[i - 1]);
        }
        File f = new File(name, n, n < 2 ? 1 : step, n == 0 ? 0 : timestamps[0]);
        for (int i = 0; i < n; i++) {
            f.row(timestamps[i], labels[i], detections[i]);
        }
        return f.finish();
    }
}
