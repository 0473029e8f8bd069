package dev.vigil.tools.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/** Reads NAB {@code timestamp,value} CSV files (header line, UTC timestamps). */
public final class NabCsv {

    private final long[] timestamps;
    private final double[] values;

    private NabCsv(long[] timestamps, double[] values) {
        this.timestamps = timestamps;
        this.values = values;
    }

    public long[] timestamps() { return timestamps; }
    public double[] values() { return values; }
    public int size() { return timestamps.length; }

    public static NabCsv read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    public static NabCsv read(BufferedReader r) throws IOException {
        long[] ts = new long[1024];
        double[] vs = new double[1024];
        int n = 0;
        String line = r.readLine(); // header
        if (line == null) {
            return new NabCsv(new long[0], new double[0]);
        }
        while ((line = r.readLine()) != null) {
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            int c = line.indexOf(',');
            if (c < 0) {
                throw new IOException("bad CSV line: " + line);
            }
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
            }
            ts[n] = parseTimestamp(line.substring(0, c).trim());
            vs[n] = Double.parseDouble(line.substring(c + 1).trim());
            n++;
        }
        return new NabCsv(Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
    }

    /** Parses {@code YYYY-MM-DD HH:MM:SS[.ffffff]} (UTC) to epoch milliseconds. */
    public static long parseTimestamp(String s) {
        String t = s.trim();
        if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
            t = t.substring(1, t.length() - 1);
        }
        String main = t;
        long micros = 0;
        int dot = t.indexOf('.');
        if (dot >= 0) {
            main = t.substring(0, dot);
            String frac = t.substring(dot + 1);
            StringBuilder six = new StringBuilder(frac.length() > 6 ? frac.substring(0, 6) : frac);
            while (six.length() < 6) {
                six.append('0');
            }
            micros = Long.parseLong(six.toString());
        }
        LocalDateTime dt = LocalDateTime.parse(main.replace(' ', 'T'));
        return dt.toEpochSecond(ZoneOffset.UTC) * 1000L + micros / 1000L;
    }

    /** Combines rows with identical timestamps into one row holding the average (sum / count). */
    public NabCsv combineDuplicates() {
        int n = timestamps.length;
        long[] ts = new long[n];
        double[] vs = new double[n];
        int m = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            double sum = 0;
            while (j < n && timestamps[j] == timestamps[i]) {
                sum += values[j];
                j++;
            }
            ts[m] = timestamps[i];
            vs[m] = sum / (j - i);
            m++;
            i = j;
        }
        return new NabCsv(Arrays.copyOf(ts, m), Arrays.copyOf(vs, m));
    }
}
