package dev.vigil.tools.demo;

import dev.vigil.detector.DetectorPipeline;
import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.testing.Recording;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.util.List;

/**
 * {@code scripts/demo}: runs the detector pipeline on a local MiniCluster over the bundled
 * recording and prints what it read and what it dead-lettered.
 */
public final class LocalDemo {
    private LocalDemo() {}

    public static void main(String[] args) throws Exception {
        Recording recording = Recording.demo();
        List<byte[]> metricRecords = recording.metricRecords(25);
        List<byte[]> eventRecords = recording.eventRecords();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<byte[]> metrics = env.fromData(metricRecords, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        DataStream<byte[]> events = env.fromData(eventRecords, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

        // The recording is from the past: replay it without the age checks a live stream gets.
        DetectorPipeline.Outputs out = DetectorPipeline.build(metrics, events, DetectorConfig.defaults().forReplay());

        DataStream<String> printed = out.datapoints.map(d -> "datapoint   " + d).returns(Types.STRING)
                .union(out.events.map(e -> "event       " + e).returns(Types.STRING),
                        out.deadLetters.map(d -> "dead-letter " + d).returns(Types.STRING),
                        out.impairments.map(i -> "impairment  " + i.getState() + " " + i.getSeverity() + " " + i.getType()
                                + " " + i.getResourceId() + " id=" + i.getId() + " rev=" + i.getRevision()
                                + " first=" + java.time.Instant.ofEpochMilli(i.getFirstBreachTime()) + " detected=" + java.time.Instant.ofEpochMilli(i.getDetectionTime()) + (i.getResolvedTime() == null ? "" : " resolved=" + java.time.Instant.ofEpochMilli(i.getResolvedTime())) + " "
                                + java.util.Arrays.toString(i.getRecommendedActions())
                                + (i.getAwsRecovering().length == 0 ? "" : " awsRecovering=" + java.util.Arrays.toString(i.getAwsRecovering()))
                                + " :: " + i.getSummary())
                                .returns(Types.STRING));

        System.out.printf("Vigil demo: %d metric-stream records (%d lines), %d events, on a local MiniCluster%n",
                metricRecords.size(), recording.metricLines().size(), eventRecords.size());
        long datapoints = 0;
        long deadLetters = 0;
        long healthEvents = 0;
        long impairments = 0;
        try (CloseableIterator<String> it = printed.executeAndCollect("vigil-demo")) {
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("datapoint")) {
                    // Thousands of datapoints: show a few, count the rest.
                    if (datapoints++ < 5) {
                        System.out.println(line);
                    }
                } else {
                    System.out.println(line);
                    if (line.startsWith("impairment")) {
                        impairments++;
                    } else if (line.startsWith("event")) {
                        healthEvents++;
                    } else {
                        deadLetters++;
                    }
                }
            }
        }
        System.out.printf("%nread %d lines: %d datapoints, %d events, %d dead letters; %d impairment records%n",
                recording.metricLines().size() + recording.eventLines().size(), datapoints, healthEvents, deadLetters,
                impairments);
    }
}
