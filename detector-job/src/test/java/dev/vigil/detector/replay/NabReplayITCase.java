package dev.vigil.detector.replay;

import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.nab.NabScorer;
import dev.vigil.detector.nab.NabWindows;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A NAB-layout folder the test generates, replayed through the real pipeline. */
class NabReplayITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final long STEP = 5 * 60_000L;

    /** 3000 rows of a noisy daily cycle every 5 minutes; from row 2400 the level jumps by 10 noise widths. */
    private static void writeSeries(Path file, long start, boolean shift) throws Exception {
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 3000; i++) {
            double v = 100 + 20 * Math.sin(2 * Math.PI * i / 288.0) + rnd.nextGaussian() * 2 + (shift && i >= 2400 ? 60 : 0);
            sb.append(TS.format(Instant.ofEpochMilli(start + i * STEP))).append(',').append(v).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString());
    }

    @Test
    void replaysEverySeriesThroughThePipelineAndScoresTheOnsets(@TempDir Path dir) throws Exception {
        // Given two series from different years, one with a level shift inside its labelled window
        long a = Instant.parse("2014-04-01T00:00:00Z").toEpochMilli();
        long b = Instant.parse("2011-07-01T00:00:00Z").toEpochMilli();
        writeSeries(dir.resolve("data/synthetic/shift.csv"), a, true);
        writeSeries(dir.resolve("data/quiet/flat.csv"), b, false);
        String windowStart = TS.format(Instant.ofEpochMilli(a + 2380 * STEP));
        String windowEnd = TS.format(Instant.ofEpochMilli(a + 2680 * STEP));
        Files.writeString(dir.resolve("windows.json"), "{\"synthetic/shift.csv\": [[\"" + windowStart + ".000000\", \""
                + windowEnd + ".000000\"]], \"quiet/flat.csv\": []}");

        // When it is replayed
        NabScorer.Total total = NabReplay.run(dir.resolve("data"), NabWindows.read(dir.resolve("windows.json")),
                dir.resolve("out"), AnomalyConfig.defaults());

        // Then each input has its output CSV with the same rows, the shift is detected once, early
        List<String> shifted = Files.readAllLines(dir.resolve("out/synthetic/shift.csv"));
        assertThat(shifted.get(0)).isEqualTo("timestamp,value,anomaly_score,onset");
        assertThat(shifted).hasSize(3001);
        assertThat(Files.readAllLines(dir.resolve("out/quiet/flat.csv"))).hasSize(3001);
        int firstOnsetAfterShift = -1;
        for (int i = 2400; i < 3000; i++) {
            if (shifted.get(i + 1).endsWith(",1")) {
                firstOnsetAfterShift = i;
                break;
            }
        }
        assertThat(firstOnsetAfterShift).isBetween(2400, 2410);
        assertThat(total.windowsDetected()).isEqualTo(1);
        assertThat(total.normalised(NabScorer.Profile.STANDARD)).isGreaterThan(50);
        for (String row : shifted.subList(1, shifted.size())) {
            double score = Double.parseDouble(row.split(",")[2]);
            assertThat(score).isBetween(0.0, 1.0);
        }
    }
}
