package dev.vigil.tools.replay;

import dev.vigil.tools.nab.EventF1Scorer;
import dev.vigil.tools.nab.LabelledRule;
import dev.vigil.tools.nab.LabelledSet;
import dev.vigil.tools.nab.NabScorer;
import dev.vigil.tools.nab.NabWindows;
import dev.vigil.tools.nab.SetScore;
import dev.vigil.tools.report.ReplayResult;
import dev.vigil.detector.rules.Rule;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flink replay and the plain-Java tuning harness run the same rule through the same decision
 * chain: on generated data they must agree onset for onset, so a score tuned with the harness is
 * the score the job gets.
 */
class LabelledReplayITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Onset rows of each series in the output CSVs. */
    private static List<List<Integer>> csvOnsets(Path out, List<LabelledSet.Series> series) throws Exception {
        List<List<Integer>> all = new ArrayList<>();
        for (LabelledSet.Series s : series) {
            List<String> lines = Files.readAllLines(out.resolve(s.name()));
            assertThat(lines).as(s.name()).hasSize(s.size() + 1);
            List<Integer> on = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).endsWith(",1")) {
                    on.add(i - 1);
                }
            }
            all.add(on);
        }
        return all;
    }

    private static List<List<Integer>> harnessOnsets(List<LabelledSet.Series> series, Rule rule) {
        List<List<Integer>> all = new ArrayList<>();
        for (LabelledSet.Series s : series) {
            boolean[] o = SetScore.onsets(s, rule);
            List<Integer> on = new ArrayList<>();
            for (int i = 0; i < o.length; i++) {
                if (o[i]) {
                    on.add(i);
                }
            }
            all.add(on);
        }
        return all;
    }

    @Test
    void labelledFolderScoresTheSameThroughFlinkAndThroughTheHarness(@TempDir Path dir) throws Exception {
        // Given labelled series of one- and five-minute steps, with gaps and a duplicated timestamp
        Path data = LabelledTestData.folder(dir);
        Path out = dir.resolve("out");
        ReplaySettings settings = ReplaySettings.defaults();

        // When they are replayed through the pipeline and run through the harness
        ReplayResult r = LabelledReplay.replay(data, null, true, settings, 2, false, out);
        List<LabelledSet.Series> series = LabelledSet.loadLabelled(data, Map.of());
        SetScore harness = SetScore.run(series, settings.labelledRule(), 1);

        // Then the onsets agree row for row, and so do the scores
        List<List<Integer>> flink = csvOnsets(out, series);
        assertThat(flink).isEqualTo(harnessOnsets(series, settings.labelledRule()));
        assertThat(flink.stream().mapToInt(List::size).sum()).isPositive();
        EventF1Scorer.Total h = harness.events(g -> true);
        assertThat(r.events().detected()).isEqualTo(h.detected());
        assertThat(r.events().falseDetections()).isEqualTo(h.falseDetections());
        assertThat(r.events().segments()).isEqualTo(h.segments()).isEqualTo(6);
        assertThat(r.events().f1()).isEqualTo(h.f1());
        // and every labelled spike after probation is found (they are 25 noise widths high)
        assertThat(r.events().detected()).isEqualTo(6);
        // and the report plots each series in a bounded number of points, its segments shaded
        assertThat(r.series()).hasSize(3);
        assertThat(r.series()).allSatisfy(t -> {
            assertThat(t.size()).isLessThanOrEqualTo(2 * LabelledReplay.PLOT_BUCKETS + 2);
            assertThat(t.windows()).isNotEmpty();
        });
        // and the CSVs keep the input's epoch-second timestamps
        assertThat(Files.readAllLines(out.resolve("a.csv")).get(1)).startsWith("1491004800,");
    }

    @Test
    void nabFolderScoresTheSameThroughFlinkAndThroughTheHarness(@TempDir Path dir) throws Exception {
        // Given a NAB-layout folder from two different years, one series with a level shift in its window
        Path windowsFile = NabTestData.twoSeries(dir, 3000);
        NabWindows windows = NabWindows.read(windowsFile);
        Path out = dir.resolve("out");
        ReplaySettings settings = ReplaySettings.defaults();

        // When replayed through the pipeline and through the harness
        ReplayResult r = LabelledReplay.replay(dir.resolve("data"), windows, false, settings, 2, false, out);
        List<LabelledSet.Series> series = LabelledSet.loadNab(dir.resolve("data"), windows);
        SetScore harness = SetScore.run(series, settings.labelledRule(), 1);

        // Then they agree onset for onset, the shift is found early and the NAB scores are equal
        List<List<Integer>> flink = csvOnsets(out, series);
        assertThat(flink).isEqualTo(harnessOnsets(series, settings.labelledRule()));
        NabScorer.Total h = harness.nab(g -> true);
        assertThat(r.total().windowsDetected()).isEqualTo(h.windowsDetected()).isEqualTo(1);
        assertThat(r.total().falseOnsets()).isEqualTo(h.falseOnsets());
        for (NabScorer.Profile p : NabScorer.Profile.ALL) {
            assertThat(r.total().normalised(p)).isEqualTo(h.normalised(p));
        }
        List<Integer> shifted = flink.get(1);
        assertThat(series.get(1).name()).isEqualTo("synthetic/shift.csv");
        assertThat(shifted).anyMatch(i -> i >= 2600 && i < 2610);
        assertThat(r.total().normalised(NabScorer.Profile.STANDARD)).isGreaterThan(50);
        assertThat(Files.readAllLines(out.resolve("synthetic/shift.csv")).get(1)).startsWith("2014-04-01 00:00:00,");
    }

    @Test
    void theReplayRuleIsTheJobsAnomalyRule() {
        Rule r = ReplaySettings.defaults().labelledRule();
        Rule job = LabelledRule.baseOf(dev.vigil.detector.rules.RuleSet.loadDefault());
        assertThat(r.datapointsToAlarm()).isEqualTo(job.datapointsToAlarm());
        assertThat(r.evaluationPeriods()).isEqualTo(job.evaluationPeriods());
        assertThat(r.healthyThreshold()).isEqualTo(job.healthyThreshold());
        assertThat(r.keepFiringSeconds()).isEqualTo(job.keepFiringSeconds());
        assertThat(r.periodSeconds()).isEqualTo(job.periodSeconds());
        assertThat(r.anomalyParameters()).isEqualTo(job.anomalyParameters());
    }
}
