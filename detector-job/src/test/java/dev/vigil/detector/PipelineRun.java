package dev.vigil.detector;

import dev.vigil.common.flink.JobEnvironment;
import dev.vigil.detector.demo.Recording;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.List;

/** Runs a recording through {@link DetectorPipeline} in one bounded job and keeps every output. */
final class PipelineRun {
    long datapoints;
    final List<HealthEvent> events = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final List<Impairment> impairments = new ArrayList<>();

    static PipelineRun of(Recording recording, DetectorConfig config, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env); // max parallelism and no Kryo, as the jobs
        env.setParallelism(parallelism);
        DataStream<byte[]> metrics = env.fromData(recording.metricRecords(25), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DataStream<byte[]> events = env.fromData(recording.eventRecords(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events, config);

        // One job, every output tagged: outputs are checked against each other (counts in = out + dead).
        DataStream<Tuple2<String, String>> all = out.datapoints.map(d -> Tuple2.of("d", ""))
                .returns(Types.TUPLE(Types.STRING, Types.STRING))
                .union(out.events.map(e -> Tuple2.of("e", Json.toString(e))).returns(Types.TUPLE(Types.STRING, Types.STRING)),
                        out.deadLetters.map(d -> Tuple2.of("x", Json.toString(d))).returns(Types.TUPLE(Types.STRING, Types.STRING)),
                        out.impairments.map(i -> Tuple2.of("i", Json.toString(i))).returns(Types.TUPLE(Types.STRING, Types.STRING)));
        PipelineRun run = new PipelineRun();
        try (CloseableIterator<Tuple2<String, String>> it = all.executeAndCollect("pipeline-run")) {
            while (it.hasNext()) {
                Tuple2<String, String> t = it.next();
                switch (t.f0) {
                    case "d":
                        run.datapoints++;
                        break;
                    case "e":
                        run.events.add(Json.fromString(t.f1, HealthEvent.class));
                        break;
                    case "x":
                        run.deadLetters.add(Json.fromString(t.f1, DeadLetter.class));
                        break;
                    default:
                        run.impairments.add(Json.fromString(t.f1, Impairment.class));
                }
            }
        }
        return run;
    }
}
