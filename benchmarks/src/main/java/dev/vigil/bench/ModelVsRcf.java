package dev.vigil.bench;

import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import dev.vigil.detector.anomaly.AnomalyConfig;
import dev.vigil.detector.anomaly.AnomalyModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Updates per second of one series, single thread: Vigil's anomaly model against AWS's
 * Thresholded Random Cut Forest with its default settings and a shingle of 8. Each invocation
 * scores one value and learns from it, which is what both do per datapoint in a stream. The
 * models start warm (a week of the series) so the measurement is the steady state, not the
 * cheaper warm-up phase either model has.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class ModelVsRcf {
    static final int SHINGLE = 8;

    private Series series;
    private AnomalyModel model;
    private ThresholdedRandomCutForest rcf;
    private final double[] point = new double[1];
    private int i;
    private long lap;

    @Setup(Level.Trial)
    public void setUp() {
        series = new Series();
        model = new AnomalyModel(AnomalyConfig.defaults());
        rcf = newRcf();
        for (i = 0; i < Series.LENGTH / 2; i++) {
            model.update(series.timestamps[i], series.values[i]);
            point[0] = series.values[i];
            rcf.process(point, series.timestamps[i] / 1000);
        }
    }

    static ThresholdedRandomCutForest newRcf() {
        return ThresholdedRandomCutForest.builder()
                .dimensions(SHINGLE)
                .shingleSize(SHINGLE)
                .randomSeed(7)
                .build();
    }

    /** Past the end of the series it starts over a fortnight later, so time keeps moving forward. */
    private int next() {
        if (++i == Series.LENGTH) {
            i = 0;
            lap += Series.LENGTH * Fleet.MINUTE;
        }
        return i;
    }

    @Benchmark
    public double vigilModel() {
        int k = next();
        return model.update(series.timestamps[k] + lap, series.values[k]).score();
    }

    @Benchmark
    public double randomCutForest() {
        int k = next();
        point[0] = series.values[k];
        return rcf.process(point, (series.timestamps[k] + lap) / 1000).getAnomalyGrade();
    }
}
