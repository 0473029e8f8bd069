package dev.vigil.tools.replay;

import dev.vigil.detector.testing.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aFolderIsReadForTheFormatsReplayKnowsOnly(@TempDir Path dir) throws IOException {
        // Given an S3 export with a stray script, notes, an editor's hidden file and a hidden folder
        Files.write(dir.resolve("metrics.ndjson"), (METRIC + "\n").getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("2024/05/01/08"));
        Files.write(dir.resolve("2024/05/01/08/events.json.gz"), Recording.gzip(EVENT.getBytes(StandardCharsets.UTF_8)));
        Files.write(dir.resolve("2024/05/01/08/vigil-stream-1-2024-05-01-08-30-00-1c5e8c6f-2d8a-4c37-9cb1-c7e6b5a8f2f1"),
                (METRIC + "\n" + METRIC + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("convert.py"), "import json\nprint(json.dumps({}))\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("NOTES.md"), "# incident\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve(".DS_Store"), new byte[] {0, 0, 0, 1});
        Files.createDirectories(dir.resolve(".git"));
        Files.write(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n".getBytes(StandardCharsets.UTF_8));

        // When the folder is read
        InputFiles in = InputFiles.read(dir);

        // Then only the recordings' lines are there (none of the script's or the notes' as dead letters)
        assertThat(in.files).isEqualTo(3);
        assertThat(in.lines).isEqualTo(4);
        assertThat(in.metricLines).isEqualTo(3);
        assertThat(in.eventLines).isEqualTo(1);
    }

    @Test
    void whatIsSkippedIsListed(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("metrics.jsonl"), (METRIC + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("convert.py"), "print(1)\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve(".DS_Store"), new byte[] {0});
        Files.createDirectories(dir.resolve(".git"));
        Files.write(dir.resolve(".git/HEAD"), "x\n".getBytes(StandardCharsets.UTF_8));

        assertThat(InputFiles.read(dir).skipped).containsExactly(".DS_Store", ".git/", "convert.py");
        assertThatThrownBy(() -> InputFiles.read(dir.resolve("convert.py")))
                .hasMessageContaining("convert.py").hasMessageContaining("not a format replay reads");
    }

    @Test
    void everyLineKeepsItsExactBytesInvalidUtf8NulsBomAndCarriageReturnsIncluded() {
        // Given a file mixing LF and CRLF, with an invalid UTF-8 line, a line of NULs, a BOM before an
        // event, a lone CR inside a line and a line that itself ends in CR before its CRLF
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', 's', 'p', 'a', 'c', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
                (byte) 0xFF, '"', '}'};
        byte[] nuls = {0, 0, 0, 0};
        byte[] bomEvent = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, EVENT.getBytes(StandardCharsets.UTF_8));
        byte[] loneCr = "{\"a\":1}\r{\"b\":2".getBytes(StandardCharsets.UTF_8);
        byte[] endsInCr = "not json\r".getBytes(StandardCharsets.UTF_8);
        byte[] file = concat(METRIC.getBytes(StandardCharsets.UTF_8), "\r\n".getBytes(StandardCharsets.UTF_8),
                invalidUtf8, "\n".getBytes(StandardCharsets.UTF_8), nuls, "\r\n".getBytes(StandardCharsets.UTF_8),
                bomEvent, "\n".getBytes(StandardCharsets.UTF_8), loneCr, "\n".getBytes(StandardCharsets.UTF_8),
                endsInCr, "\r\n".getBytes(StandardCharsets.UTF_8));

        // When it is read
        InputFiles in = new InputFiles();
        in.add(file);

        // Then every line is counted, the event (BOM and all) goes to the event parser, and every
        // line reaches its parser as exactly the bytes it was, as the parser will split the record
        assertThat(in.lines).isEqualTo(6);
        assertThat(in.eventLines).isEqualTo(1);
        assertThat(in.eventRecords.get(0)).isEqualTo(bomEvent);
        List<byte[]> metricLines = new ArrayList<>();
        for (byte[] record : in.metricRecords) {
            metricLines.addAll(linesAsTheParserSplitsThem(record));
        }
        assertThat(metricLines).containsExactly(METRIC.getBytes(StandardCharsets.UTF_8), invalidUtf8, nuls, loneCr, endsInCr);
    }

    /** Kinesis records are split on LF, one CR before it dropped (MetricStreamParserTest holds the parser to it). */
    private static List<byte[]> linesAsTheParserSplitsThem(byte[] record) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= record.length; i++) {
            if (i == record.length || record[i] == '\n') {
                int end = i > start && record[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    out.add(Arrays.copyOfRange(record, start, end));
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
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
