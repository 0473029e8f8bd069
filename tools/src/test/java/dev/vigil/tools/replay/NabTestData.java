package dev.vigil.tools.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/** Small NAB-layout folders the replay tests generate (the shared NAB data is not copied into the project). */
final class NabTestData {
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final long STEP = 5 * 60_000L;

    private NabTestData() {}

    /** {@code rows} rows of a noisy daily cycle every 5 minutes; from row {@code shiftAt} (if >= 0) the level jumps by 30 noise widths. */
    static void writeSeries(Path file, long start, int rows, int shiftAt) throws IOException {
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < rows; i++) {
            double v = 100 + 20 * Math.sin(2 * Math.PI * i / 288.0) + rnd.nextGaussian() * 2
                    + (shiftAt >= 0 && i >= shiftAt ? 60 : 0);
            sb.append(TS.format(Instant.ofEpochMilli(start + i * STEP))).append(',').append(v).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString());
    }

    /**
     * Two series: {@code synthetic/shift.csv} (2014, level shift at row {@code rows - 400}, labelled
     * window from 20 rows before it) and {@code quiet/flat.csv} (2011, no anomaly, no window).
     * Returns the windows file.
     */
    static Path twoSeries(Path dir, int rows) throws IOException {
        long a = Instant.parse("2014-04-01T00:00:00Z").toEpochMilli();
        long b = Instant.parse("2011-07-01T00:00:00Z").toEpochMilli();
        int shiftAt = rows - 400;
        writeSeries(dir.resolve("data/synthetic/shift.csv"), a, rows, shiftAt);
        writeSeries(dir.resolve("data/quiet/flat.csv"), b, rows, -1);
        String windowStart = TS.format(Instant.ofEpochMilli(a + (shiftAt - 20) * STEP));
        String windowEnd = TS.format(Instant.ofEpochMilli(a + (shiftAt + 280) * STEP));
        Path windows = dir.resolve("windows.json");
        Files.writeString(windows, "{\"synthetic/shift.csv\": [[\"" + windowStart + ".000000\", \""
                + windowEnd + ".000000\"]], \"quiet/flat.csv\": []}");
        return windows;
    }
}
