package dev.vigil.bench;

import dev.vigil.detector.otel.GeneratedOtlpParser;
import dev.vigil.detector.parse.MetricStreamParser;
import dev.vigil.detector.parse.OtlpMetricsParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.MetricDatapoint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import com.google.protobuf.CodedInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Datapoints per second decoded into {@link MetricDatapoint}s, single thread, from the same
 * generated fleet's records (100 datapoints each): the job's hand-written OpenTelemetry reader,
 * the official generated classes with the same translation, the generated classes' parse alone
 * (a bound no translation can beat), and the JSON parser on the same data in JSON.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class OtlpDecoders {
    /** 2,000 instances × 4 metrics + 200 target groups × 3, two minutes. */
    static final int DATAPOINTS = 17_200;

    private List<byte[]> json;
    private List<byte[]> otel;
    private MetricStreamParser jsonParser;
    private OtlpMetricsParser handWritten;
    private GeneratedOtlpParser generated;
    private Consumer out;

    @Setup(Level.Trial)
    public void setUp() {
        Fleet fleet = new Fleet(2_000, 200, 2);
        if (fleet.datapoints != DATAPOINTS) {
            throw new IllegalStateException("fleet has " + fleet.datapoints + " datapoints");
        }
        json = fleet.records;
        otel = fleet.openTelemetryRecords();
        ParseLimits limits = ParseLimits.defaults().withoutTimeChecks();
        jsonParser = new MetricStreamParser(limits, "bench");
        handWritten = new OtlpMetricsParser(limits, "bench");
        generated = new GeneratedOtlpParser();
    }

    @Benchmark
    @OperationsPerInvocation(DATAPOINTS)
    public void otelHandWritten(Blackhole bh) {
        Consumer c = consumer(bh);
        for (byte[] r : otel) {
            handWritten.parse(r, 0, c);
        }
    }

    @Benchmark
    @OperationsPerInvocation(DATAPOINTS)
    public void otelGenerated(Blackhole bh) {
        Consumer c = consumer(bh);
        for (byte[] r : otel) {
            generated.parse(r, 0, c);
        }
    }

    /** Only the generated classes' parse into their object tree, no datapoint built. */
    @Benchmark
    @OperationsPerInvocation(DATAPOINTS)
    public void otelGeneratedParseOnly(Blackhole bh) throws IOException {
        for (byte[] r : otel) {
            CodedInputStream in = CodedInputStream.newInstance(r);
            while (!in.isAtEnd()) {
                int length = in.readRawVarint32();
                int limit = in.pushLimit(length);
                bh.consume(ExportMetricsServiceRequest.parseFrom(in));
                in.popLimit(limit);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(DATAPOINTS)
    public void jsonStreaming(Blackhole bh) {
        Consumer c = consumer(bh);
        for (byte[] r : json) {
            jsonParser.parse(r, 0, c);
        }
    }

    private Consumer consumer(Blackhole bh) {
        if (out == null || out.bh != bh) {
            out = new Consumer(bh);
        }
        return out;
    }

    /** Swallows datapoints; a dead letter means the benchmark measures the wrong thing. */
    private static final class Consumer implements ParseOutput<MetricDatapoint> {
        final Blackhole bh;

        Consumer(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void accept(MetricDatapoint d) {
            bh.consume(d);
        }

        @Override
        public void reject(DeadLetter d) {
            throw new IllegalStateException("unexpected dead letter: " + d.getMessage());
        }
    }
}
