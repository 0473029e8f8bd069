package dev.vigil.detector.replay;

import dev.vigil.detector.demo.Recording;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class InputFilesTest {

    private static final String METRIC = "{\"namespace\":\"AWS/EC2\",\"metric_name\":\"CPUUtilization\",\"dimensions\":{},"
            + "\"timestamp\":1700000000000,\"value\":{\"max\":1,\"min\":1,\"sum\":1,\"count\":1}}";
    private static final String EVENT = "{\"id\":\"e1\",\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change "
            + "Notification\",\"time\":\"2024-05-01T08:30:00Z\",\"detail\":{\"instance-id\":\"i-1\",\"state\":\"stopped\"}}";

    @Test
    void linesAreSortedByShapeAndNothingIsDropped() {
        // Given one gzip'd file mixing metric lines, an event, a blank line and broken lines
        InputFiles in = new InputFiles();
        String text = METRIC + "\n" + EVENT + "\n\n{\"detail\": broken\n" + METRIC + "\r\nnot json at all\n";
        in.add(Recording.gzip(text.getBytes(StandardCharsets.UTF_8)));

        // Then the event goes to the event records, everything else (broken lines too) to the metric parser
        assertThat(in.lines).isEqualTo(5);
        assertThat(in.eventLines).isEqualTo(1);
        assertThat(in.metricLines).isEqualTo(4);
        assertThat(new String(in.eventRecords.get(0), StandardCharsets.UTF_8)).isEqualTo(EVENT);
        assertThat(new String(in.metricRecords.get(0), StandardCharsets.UTF_8))
                .isEqualTo(METRIC + "\n{\"detail\": broken\n" + METRIC + "\nnot json at all\n");
    }

    @Test
    void objectsFirehoseWroteBackToBackAreSplit() {
        // Given events as Firehose writes them to S3 (no separator), and a line broken after its first object
        InputFiles in = new InputFiles();
        String text = EVENT + EVENT + EVENT + "\n" + METRIC + METRIC + "\n" + EVENT + "{\"detail\": broken}\n";
        in.add(text.getBytes(StandardCharsets.UTF_8));

        // Then each whole object is its own line; the broken line goes on whole for the parser to dead-letter
        assertThat(in.eventLines).isEqualTo(3);
        assertThat(in.eventRecords).allSatisfy(e -> assertThat(new String(e, StandardCharsets.UTF_8)).isEqualTo(EVENT));
        assertThat(in.metricLines).isEqualTo(3);
        assertThat(new String(in.metricRecords.get(0), StandardCharsets.UTF_8))
                .isEqualTo(METRIC + "\n" + METRIC + "\n" + EVENT + "{\"detail\": broken}\n");
    }

    @Test
    void gzipThatDoesNotInflateIsPassedOnWholeForTheParserToDeadLetter() {
        // Given bytes with the gzip magic but a corrupt body
        byte[] gz = Recording.gzip(METRIC.getBytes(StandardCharsets.UTF_8));
        byte[] corrupt = Arrays.copyOf(gz, 12);

        // When read, Then the original bytes reach the metric parser unchanged (it reports bad_compression)
        InputFiles in = new InputFiles();
        in.add(corrupt);
        assertThat(in.metricRecords).hasSize(1);
        assertThat(in.metricRecords.get(0)).isEqualTo(corrupt);
        assertThat(in.lines).isEqualTo(1);
    }

    @Test
    void openTelemetryFilesAreFramedIntoTheirMessagesWithoutBeingTold() throws Exception {
        // Given an OpenTelemetry file of three length-prefixed messages (told by its bytes), gzip'd, and a JSON events file
        byte[] message = new dev.vigil.detector.otel.ProtoWriter()
                .raw(dev.vigil.detector.otel.Otlp10Records.request(java.util.List.of(dev.vigil.schemas.MetricDatapoint.builder()
                        .namespace("AWS/EC2").metricName("CPUUtilization").timestamp(1700000000000L).value(1).build()))
                        .toByteArray()).delimited();
        byte[] file = new dev.vigil.detector.otel.ProtoWriter().raw(message).raw(message).raw(message).toByteArray();
        InputFiles in = new InputFiles();
        in.add(Recording.gzip(file));
        in.add(EVENT.getBytes(StandardCharsets.UTF_8));

        // Then the messages are one metric record, counted as messages, and the event is an event
        assertThat(in.messages).isEqualTo(3);
        assertThat(in.metricRecords).hasSize(1);
        assertThat(in.metricRecords.get(0)).isEqualTo(file);
        assertThat(in.eventLines).isEqualTo(1);
        assertThat(in.metricLines).isZero();
        assertThat(in.metricFormat()).isEqualTo(dev.vigil.detector.parse.MetricFormat.OPENTELEMETRY_1_0);
    }

    @Test
    void aTailThatCannotBeFramedIsARecordOfItsOwn() {
        // Given a file of one whole message and a length prefix claiming more than is left
        byte[] message = new dev.vigil.detector.otel.ProtoWriter().raw(new byte[] {0x0a, 0x00}).delimited();
        byte[] tail = {0x7f, 0x0a, 0x01};
        InputFiles in = new InputFiles(dev.vigil.detector.parse.MetricFormat.OPENTELEMETRY_0_7);
        in.add(new dev.vigil.detector.otel.ProtoWriter().raw(message).raw(tail).toByteArray());

        // Then the whole message and the tail are separate records, both counted, for the parser to dead-letter the tail
        assertThat(in.messages).isEqualTo(2);
        assertThat(in.metricRecords).hasSize(2);
        assertThat(in.metricRecords.get(0)).isEqualTo(message);
        assertThat(in.metricRecords.get(1)).isEqualTo(tail);
    }
}
