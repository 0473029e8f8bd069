package dev.vigil.tools.deploy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cost per series the benchmark prints, against figures worked out by hand from the list prices. */
class SeriesCostTest {
    private static final Offset<Double> CENT = Offset.offset(0.005);

    @Test
    void aSmallFleetStillPaysForOneKpuAndTheOrchestrationKpu() {
        // Given 100,000 series at 1/min = 1,666.7 datapoints/s, x4 headroom = 6,666.7/s, on cores doing 50,000/s
        // Then 0.13 of a core, rounded up to 1 KPU
        assertThat(SeriesCost.detectorKpu(100_000, 50_000, 4)).isEqualTo(1);
        // (1 KPU + 1 orchestration KPU) x 730 h x $0.11 = 160.60, plus 50 GB x $0.10 of running storage = 5.00
        assertThat(SeriesCost.computeMonthly(100_000, 50_000, 4)).isCloseTo(165.60, CENT);
    }

    @Test
    void kpusAreRoundedUpToWholeOnes() {
        // 1,000,000 series = 16,666.7/s, x4 = 66,666.7/s over 10,000/s per core = 6.67 cores: 7 KPU
        assertThat(SeriesCost.detectorKpu(1_000_000, 10_000, 4)).isEqualTo(7);
        // 8 KPU-hours x 730 x 0.11 = 642.40, plus 7 x 50 GB x 0.10 = 35.00
        assertThat(SeriesCost.computeMonthly(1_000_000, 10_000, 4)).isCloseTo(677.40, CENT);
    }

    @Test
    void anExactFitIsNotRoundedUp() {
        // 150,000 series = 2,500/s, x4 = 10,000/s: exactly one core at 10,000/s per core
        assertThat(SeriesCost.detectorKpu(150_000, 10_000, 4)).isEqualTo(1);
        assertThat(SeriesCost.detectorKpu(150_001, 10_000, 4)).isEqualTo(2);
    }

    @Test
    void moreHeadroomBuysMoreKpus() {
        // 600,000 series = 10,000/s; at 20,000/s per core: x1 = 0.5 core (1 KPU), x4 = 2 cores, x6 = 3 cores
        assertThat(SeriesCost.detectorKpu(600_000, 20_000, 1)).isEqualTo(1);
        assertThat(SeriesCost.detectorKpu(600_000, 20_000, 4)).isEqualTo(2);
        assertThat(SeriesCost.detectorKpu(600_000, 20_000, 6)).isEqualTo(3);
    }

    @Test
    void theStreamCostsUpdatesFirehoseGigabytesAndRelayInvocations() {
        // 100,000 series x 43,800 minutes a month = 4.38e9 updates x $0.003 / 1,000 = 13,140.00
        // x 310 bytes a line = 1,357.8 GB x $0.029 = 39.3762
        // / 1 MiB a delivery = 1,294,899 invocations: x $0.20 / million = 0.2590, x 0.3 s x 1 GB x $0.0000133334 = 5.1797
        assertThat(SeriesCost.streamMonthly(100_000, 0)).isCloseTo(13_140.00 + 39.3762 + 0.2590 + 5.1797, CENT);
    }

    @Test
    void anExtendedStatisticBillsOneMoreUpdatePerDatapoint() {
        // Half the metrics with a p99: 1.5 updates a datapoint, 19,710.00 for the stream; the bytes do not change
        assertThat(SeriesCost.streamMonthly(100_000, 0.5) - SeriesCost.streamMonthly(100_000, 0)).isCloseTo(6_570.00, CENT);
    }

    @Test
    void theStreamScalesWithTheSeriesStreamed() {
        // What the include filters buy: a tenth of the series streamed costs a tenth
        assertThat(SeriesCost.streamMonthly(10_000, 0) * 10).isCloseTo(SeriesCost.streamMonthly(100_000, 0), CENT);
    }

    @Test
    void aThroughputOfNothingIsRefused() {
        assertThatThrownBy(() -> SeriesCost.detectorKpu(1, 0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeriesCost.detectorKpu(1, 1_000, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
