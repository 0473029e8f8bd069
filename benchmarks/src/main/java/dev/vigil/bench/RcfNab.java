package dev.vigil.bench;

import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import dev.vigil.tools.nab.LabelledRule;
import dev.vigil.tools.nab.LabelledSet;
import dev.vigil.tools.nab.NabScorer;
import dev.vigil.tools.nab.SetScore;
import dev.vigil.tools.nab.NabWindows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Quality next to cost: both models over the NAB corpus, scored by the same scorer. RCF's
 * detection is its own verdict (anomaly grade above zero), turned into onsets the way Vigil's
 * are: the first flagged row of a run. Vigil runs the production decision chain in plain Java
 * ({@link SetScore}: the same rule and series evaluator as {@code scripts/replay --nab}, the same score).
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
        NabWindows windows = NabWindows.read(windowsFile);
        List<LabelledSet.Series> series = LabelledSet.loadNab(data, windows);
        NabScorer.Total rcf = new NabScorer.Total();
        int rows = 0;
        for (LabelledSet.Series s : series) {
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
            rcf.add(NabScorer.score(s.name(), ts, onsets, windows.get(s.name())));
            rows += ts.length;
        }
        NabScorer.Total vigil = SetScore.run(series, LabelledRule.fromDefaults(), 1).nab(g -> true);
        return new RcfNab(rcf.normalised(NabScorer.Profile.STANDARD), vigil.normalised(NabScorer.Profile.STANDARD), rows);
    }
}
