package dev.vigil.tools.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/** Small labelled folders ({@code timestamp,value,label}, epoch seconds) the replay tests generate. */
final class LabelledTestData {
    private LabelledTestData() {}

    /**
     * A noisy daily cycle of {@code rows} rows {@code stepSeconds} apart from {@code start}, with
     * labelled spikes at the given rows (value + 25 noise widths, label 1 on the spike and the row
     * after), a gap of an hour after row {@code rows / 3}, and a duplicated timestamp at row 10.
     */
    static void write(Path file, long start, int rows, int stepSeconds, long seed, int... spikes) throws IOException {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder("timestamp,value,label\n");
        long t = start / 1000;
        int perDay = 86_400 / stepSeconds;
        for (int i = 0; i < rows; i++) {
            double v = 50 + 10 * Math.sin(2 * Math.PI * i / perDay) + rnd.nextGaussian();
            int label = 0;
            for (int s : spikes) {
                if (i == s) {
                    v += 25;
                }
                if (i == s || i == s + 1) {
                    label = 1;
                }
            }
            sb.append(t).append(',').append(v).append(',').append(label).append('\n');
            if (i == 10) {
                sb.append(t).append(',').append(v + 0.5).append(',').append(label).append('\n');
            }
            t += stepSeconds + (i == rows / 3 ? 3600 : 0);
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString());
    }

    /** Two one-minute series and a five-minute one, from different years, with spikes after their probation. */
    static Path folder(Path dir) throws IOException {
        Path data = dir.resolve("labelled");
        write(data.resolve("a.csv"), Instant.parse("2017-04-01T00:00:00Z").toEpochMilli(), 6000, 60, 1, 3000, 4200, 4380);
        write(data.resolve("b.csv"), Instant.parse("2016-09-14T07:03:00Z").toEpochMilli(), 5000, 60, 2, 3500);
        write(data.resolve("slow/c.csv"), Instant.parse("2016-07-01T00:00:00Z").toEpochMilli(), 3000, 300, 3, 2000, 2600);
        return data;
    }
}
