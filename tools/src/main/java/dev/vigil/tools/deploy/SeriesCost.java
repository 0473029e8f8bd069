package dev.vigil.tools.deploy;

import dev.vigil.detector.rules.RuleSet;

import java.util.Map;

/**
 * What a number of watched series costs a month, split as a buyer compares it: the detector's
 * compute, sized from a measured throughput, and the metric stream that feeds it (the stream,
 * Firehose and the relay). Every price is {@link Prices}'; MSF's per-application arithmetic and the
 * stream's volumes are {@link CostEstimate}'s, so the dry run and the benchmark agree.
 *
 * <p>Sizing: each series sends one datapoint a minute; the detector gets {@code headroom} times
 * that rate in capacity (to catch up after an outage or a restart from a checkpoint while new
 * data keeps arriving, and to absorb checkpoints and bursts), one KPU per core it needs (1 KPU =
 * 1 vCPU and 4 GiB), rounded up to whole KPUs and at least one.
 */
public final class SeriesCost {
    /** Measured capacity over the steady rate: a one-hour backlog is worked off in 20 minutes. */
    public static final double HEADROOM = 4;

    private SeriesCost() {}

    /** KPUs for the detector: cores needed at {@code dpsPerCore} with the headroom, whole, at least 1. */
    public static int detectorKpu(long series, double dpsPerCore, double headroom) {
        if (dpsPerCore <= 0 || headroom < 1) {
            throw new IllegalArgumentException("need a positive throughput and a headroom of at least 1");
        }
        // One datapoint per series per minute; divided once so that an exact fit is not rounded up.
        double cores = series * headroom / (60 * dpsPerCore);
        return Math.max(1, (int) Math.ceil(cores));
    }

    /** USD per month for the detector application: its KPUs, MSF's orchestration KPU and running storage. */
    public static double computeMonthly(long series, double dpsPerCore, double headroom) {
        return CostEstimate.msf(detectorKpu(series, dpsPerCore, headroom));
    }

    /**
     * USD per month to stream the series to the detector: CloudWatch metric-stream updates,
     * Firehose ingestion and the relay's Lambda, for series whose metrics stream
     * {@code extendedShare} extra statistics.
     */
    public static double streamMonthly(long series, double extendedShare) {
        CostEstimate.Shape s = new CostEstimate.Shape();
        s.series = series;
        s.extendedShare = extendedShare;
        s.onDemand = true;
        Map<String, Double> parts = CostEstimate.monthly(s);
        return parts.get(CostEstimate.METRIC_STREAM) + parts.get(CostEstimate.FIREHOSE) + parts.get(CostEstimate.RELAY);
    }

    /** The same for the default rules' filters (their extended statistics included). */
    public static double streamMonthly(long series) {
        return streamMonthly(series, MetricStreamFilters.of(RuleSet.DEFAULT_LOCATION).extendedShare());
    }

    /** Where and when the prices were read. */
    public static String priceSource() {
        return Prices.SOURCE;
    }
}
