package dev.vigil.bench;

import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.nab.NabHarness;
import dev.vigil.detector.nab.NabScorer;
import dev.vigil.detector.nab.NabWindows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Quality next to cost: both models over the NAB corpus, scored by the same scorer. RCF's
 * detection is its own verdict (anomaly grade above zero), turned into onsets the way Vigil's
 * are: the first flagged row of a run. Vigil runs its plain-Java decision chain, the same one the
 * detector uses (the pipeline replay, {@code scripts/replay --nab}, scores within 0.1 of it).
 */
final class RcfNab {
    final double rcfStandard;
    final double vigilStandard;
    final int rows;

    private RcfNab(double rcfStandard, double vigilStandard, int rows) {
        this.rcfStandard = rcfStandard;
        this.vigilStandard = vigilStandard;
        this.rows = rows;
    }

    /** Null when the corpus is not there. */
    static RcfNab run(Path nabDir) throws IOException {
        Path data = nabDir.resolve("data");
        Path windowsFile = nabDir.resolve("windows.json");
        if (!Files.isDirectory(data) || !Files.isRegularFile(windowsFile)) {
            return null;
        }
        List<NabHarness.Series> series = NabHarness.load(data, NabWindows.read(windowsFile));
        NabScorer.Total rcf = new NabScorer.Total();
        int rows = 0;
        for (NabHarness.Series s : series) {
            long[] ts = s.timestamps();
            double[] values = s.values();
            ThresholdedRandomCutForest forest = ModelVsRcf.newRcf();
            boolean[] onsets = new boolean[ts.length];
            boolean flagged = false;
            double[] point = new double[1];
            for (int i = 0; i < ts.length; i++) {
                point[0] = values[i];
                boolean now = forest.process(point, ts[i] / 1000).getAnomalyGrade() > 0;
                onsets[i] = now && !flagged;
                flagged = now;
            }
            rcf.add(NabScorer.score(s.name(), ts, onsets, s.windows()));
            rows += ts.length;
        }
        NabScorer.Total vigil = NabHarness.run(series, AnomalyConfig.defaults(), true);
        return new RcfNab(rcf.normalised(NabScorer.Profile.STANDARD), vigil.normalised(NabScorer.Profile.STANDARD), rows);
    }
}
