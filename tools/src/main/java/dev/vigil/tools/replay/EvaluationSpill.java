package dev.vigil.tools.replay;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluations of a replay as they arrive, one temporary file per series (period start, score,
 * expected value, band: 40 bytes a period), so the replay's memory does not grow with the data.
 * A series' evaluations arrive in period order (one key, one subtask), so each file is read back
 * in order next to its input. At most {@link #OPEN} files are open at once (least recently
 * written closed first), for replays of many series.
 */
final class EvaluationSpill implements Closeable {
    static final int OPEN = 64;
    static final int RECORD = 40;

    private final Path dir;
    private final Map<Integer, DataOutputStream> open = new LinkedHashMap<>(16, 0.75f, true);

    EvaluationSpill(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    private Path file(int series) {
        return dir.resolve("series-" + series + ".bin");
    }

    void write(int series, long periodStart, double score, double expected, double lower, double upper) throws IOException {
        DataOutputStream out = open.get(series);
        if (out == null) {
            if (open.size() >= OPEN) {
                Iterator<Map.Entry<Integer, DataOutputStream>> it = open.entrySet().iterator();
                it.next().getValue().close();
                it.remove();
            }
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(series),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 14));
            open.put(series, out);
        }
        out.writeLong(periodStart);
        out.writeDouble(score);
        out.writeDouble(expected);
        out.writeDouble(lower);
        out.writeDouble(upper);
    }

    /** Closes what is being written; call before reading. */
    void finish() throws IOException {
        for (DataOutputStream out : open.values()) {
            out.close();
        }
        open.clear();
    }

    /** Reads one series' evaluations back, in the order written. */
    final class Reader implements Closeable {
        private final DataInputStream in;
        private long remaining;
        long periodStart = Long.MIN_VALUE;
        double score = Double.NaN;
        double expected = Double.NaN;
        double lower = Double.NaN;
        double upper = Double.NaN;

        Reader(int series) throws IOException {
            Path f = file(series);
            remaining = Files.exists(f) ? Files.size(f) / RECORD : 0;
            in = remaining == 0 ? null : new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 14));
        }

        /** Moves to the first evaluation of a period at or after {@code period}; false when there is none. */
        boolean seek(long period) throws IOException {
            while (periodStart < period) {
                if (remaining == 0) {
                    return false;
                }
                remaining--;
                periodStart = in.readLong();
                score = in.readDouble();
                expected = in.readDouble();
                lower = in.readDouble();
                upper = in.readDouble();
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    Reader reader(int series) throws IOException {
        return new Reader(series);
    }

    @Override
    public void close() throws IOException {
        finish();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
