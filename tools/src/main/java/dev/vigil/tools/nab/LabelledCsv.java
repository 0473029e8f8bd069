package dev.vigil.tools.nab;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a labelled recording row by row, never holding more than the next line: a header naming
 * {@code timestamp} and {@code value} (and optionally {@code label}, 1 = anomalous), timestamps as
 * epoch seconds or {@code YYYY-MM-DD HH:MM:SS[.ffffff]} (UTC), ascending.
 *
 * <p>Rows sharing a timestamp are one row (the mean value; labelled if any was), as NAB's own
 * loader treats them. A row older than the one before it is skipped and counted
 * ({@link #outOfOrder()}): the pipeline would dead-letter it as late, and a scorer of onsets needs
 * time to ascend. A row without a finite value is skipped and counted ({@link #unreadable()}).
 */
public final class LabelledCsv implements Closeable {
    private final BufferedReader in;
    private final String source;
    private final int timestampColumn;
    private final int valueColumn;
    private final int labelColumn;
    private int lineNumber = 1;
    private long outOfOrder;
    private long unreadable;
    private long lastAccepted = Long.MIN_VALUE;
    private Boolean numeric;

    // the row read ahead (the next one with another timestamp may need to be seen first)
    private boolean pending;
    private long pendingTs;
    private double pendingValue;
    private boolean pendingLabel;

    private long timestampMs = Long.MIN_VALUE;
    private double value;
    private boolean label;

    private LabelledCsv(BufferedReader in, String source) throws IOException {
        this.in = in;
        this.source = source;
        String header = in.readLine();
        if (header == null) {
            throw new IOException(source + ": empty file, expected a header 'timestamp,value[,label]'");
        }
        String[] names = header.split(",", -1);
        int ts = -1;
        int v = -1;
        int l = -1;
        for (int i = 0; i < names.length; i++) {
            String n = unquote(names[i].trim()).toLowerCase(Locale.ROOT);
            if (n.startsWith("\uFEFF")) {
                n = n.substring(1);
            }
            if (n.equals("timestamp")) {
                ts = i;
            } else if (n.equals("value")) {
                v = i;
            } else if (n.equals("label") || n.equals("is_anomaly")) {
                l = i;
            }
        }
        if (ts < 0 || v < 0) {
            throw new IOException(source + ": header '" + header + "' must name the columns timestamp and value");
        }
        this.timestampColumn = ts;
        this.valueColumn = v;
        this.labelColumn = l;
    }

    public static LabelledCsv open(Path file) throws IOException {
        return new LabelledCsv(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
    }

    public static LabelledCsv of(BufferedReader reader, String source) throws IOException {
        return new LabelledCsv(reader, source);
    }

    /** True when the file has a label column. */
    public boolean labelled() {
        return labelColumn >= 0;
    }

    /** Moves to the next row; false at the end. */
    public boolean next() throws IOException {
        if (!pending && !readLine()) {
            return false;
        }
        long ts = pendingTs;
        double sum = pendingValue;
        boolean any = pendingLabel;
        int count = 1;
        pending = false;
        while (readLine()) {
            if (pendingTs != ts) {
                break;
            }
            sum += pendingValue;
            any |= pendingLabel;
            count++;
            pending = false;
        }
        timestampMs = ts;
        value = sum / count;
        label = any;
        return true;
    }

    /** Reads the next usable line into the pending row; false at the end of the file. */
    private boolean readLine() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.trim().isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length <= Math.max(timestampColumn, Math.max(valueColumn, labelColumn))) {
                throw new IOException(source + ":" + lineNumber + ": expected " + (labelColumn >= 0 ? 3 : 2)
                        + " columns: " + line);
            }
            long ts;
            if (numeric == null) {
                numeric = isNumeric(unquote(f[timestampColumn].trim()));
            }
            try {
                ts = parseTimestamp(f[timestampColumn]);
            } catch (RuntimeException e) {
                throw new IOException(source + ":" + lineNumber + ": unreadable timestamp '" + f[timestampColumn] + "'", e);
            }
            double v;
            try {
                v = Double.parseDouble(unquote(f[valueColumn].trim()));
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!Double.isFinite(v)) {
                unreadable++;
                continue;
            }
            if (ts < lastAccepted) {
                outOfOrder++;
                continue;
            }
            lastAccepted = ts;
            pending = true;
            pendingTs = ts;
            pendingValue = v;
            pendingLabel = labelColumn >= 0 && isAnomalous(f[labelColumn]);
            return true;
        }
        pending = false;
        return false;
    }

    private static boolean isAnomalous(String field) {
        String s = unquote(field.trim());
        if (s.isEmpty()) {
            return false;
        }
        try {
            return Double.parseDouble(s) != 0.0;
        } catch (NumberFormatException e) {
            return s.equalsIgnoreCase("true");
        }
    }

    /** True when the file's timestamps are epoch seconds (as its first row's is), false for date-times. */
    public boolean numericTimestamps() {
        return numeric != null && numeric;
    }

    private static boolean isNumeric(String s) {
        boolean numeric = !s.isEmpty();
        for (int i = 0; i < s.length() && numeric; i++) {
            char c = s.charAt(i);
            numeric = (c >= '0' && c <= '9') || c == '.' || (i == 0 && c == '-');
        }
        return numeric;
    }

    /** Epoch seconds (digits, optional fraction) or {@code YYYY-MM-DD HH:MM:SS[.ffffff]} (UTC), to epoch milliseconds. */
    public static long parseTimestamp(String field) {
        String s = unquote(field.trim());
        if (isNumeric(s)) {
            return Math.round(Double.parseDouble(s) * 1000.0);
        }
        return NabCsv.parseTimestamp(s);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"' ? s.substring(1, s.length() - 1) : s;
    }

    public long timestampMs() { return timestampMs; }
    public double value() { return value; }
    public boolean label() { return label; }
    /** Rows skipped because their timestamp was older than the previous row's. */
    public long outOfOrder() { return outOfOrder; }
    /** Rows skipped because their value was empty or not a finite number. */
    public long unreadable() { return unreadable; }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** What a first pass over a file tells: rows (as {@link #next} counts them), time span and smallest step. */
    public static final class Scan {
        public final long rows;
        public final long firstMs;
        public final long lastMs;
        /** Smallest difference between consecutive rows; 0 with fewer than two rows. */
        public final long stepMs;
        public final boolean labelled;

        Scan(long rows, long firstMs, long lastMs, long stepMs, boolean labelled) {
            this.rows = rows;
            this.firstMs = firstMs;
            this.lastMs = lastMs;
            this.stepMs = stepMs;
            this.labelled = labelled;
        }
    }

    public static Scan scan(Path file) throws IOException {
        try (LabelledCsv r = open(file)) {
            long rows = 0;
            long first = Long.MIN_VALUE;
            long prev = Long.MIN_VALUE;
            long step = Long.MAX_VALUE;
            while (r.next()) {
                if (rows == 0) {
                    first = r.timestampMs;
                } else {
                    step = Math.min(step, r.timestampMs - prev);
                }
                prev = r.timestampMs;
                rows++;
            }
            return new Scan(rows, first, prev, rows < 2 ? 0 : step, r.labelled());
        }
    }
}
