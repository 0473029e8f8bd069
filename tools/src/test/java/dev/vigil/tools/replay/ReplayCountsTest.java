package dev.vigil.tools.replay;

import dev.vigil.detector.testing.Recording;
import dev.vigil.detector.otel.Otlp07Records;
import dev.vigil.detector.otel.Otlp10Records;
import dev.vigil.detector.parse.EventParser;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.parse.MetricStreamParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.MetricDatapoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay's counts add up on any input: read as the replay reads it ({@link InputFiles}), each
 * of {@code records} ends as exactly one datapoint, event, dead letter or blank line. A property
 * test: random folders mixing good, broken and blank lines, metric lines and events, back-to-back
 * objects, CRLF, gzip'd and broken gzip files, and (apart, as one replay reads one metric format)
 * OpenTelemetry 1.0 and 0.7 files, damaged or cut short. The pipeline's own share (a datapoint the
 * detector finds late is its dead letter) is checked on real replays in {@code ReplayCliITCase} and
 * {@code OtelReplayITCase}.
 */
class ReplayCountsTest {
    private static final ParseLimits LIMITS = ParseLimits.defaults().withoutTimeChecks();
    private static final List<String> METRICS = Recording.demo().metricLines();
    private static final List<String> EVENTS = Recording.demo().eventLines();
    private static final List<MetricDatapoint> DATAPOINTS = datapoints();

    /** What the parsers made of the records InputFiles produced. */
    private static final class Tally<T> implements ParseOutput<T> {
        long accepted;
        long rejected;

        @Override
        public void accept(T record) {
            accepted++;
        }

        @Override
        public void reject(DeadLetter deadLetter) {
            rejected++;
        }
    }

    @Test
    void jsonRecordsAreDatapointsEventsDeadLettersOrBlankLines(@TempDir Path dir) throws IOException {
        for (int seed = 0; seed < 150; seed++) {
            // Given a random folder of JSON input
            Random rnd = new Random(seed);
            Path in = Files.createDirectory(dir.resolve("json-" + seed));
            int files = 1 + rnd.nextInt(4);
            for (int f = 0; f < files; f++) {
                byte[] content = jsonFile(rnd);
                Files.write(in.resolve("part-" + f + ".ndjson" + (RecordsGzip.is(content) ? ".gz" : "")), content);
            }

            // When it is read and parsed as the replay does, then the counts add up
            assertAddsUp(InputFiles.read(in), "seed " + seed);
        }
    }

    @Test
    void openTelemetryRecordsAreDatapointsOrDeadLettersAndEventsBesideThem(@TempDir Path dir) throws IOException {
        for (int seed = 0; seed < 150; seed++) {
            // Given a random folder of OpenTelemetry files (either version, damaged at random) and event files
            Random rnd = new Random(seed);
            Path in = Files.createDirectory(dir.resolve("otel-" + seed));
            int files = 1 + rnd.nextInt(3);
            for (int f = 0; f < files; f++) {
                byte[] content = otelFile(rnd);
                Files.write(in.resolve("part-" + f + ".otel" + (RecordsGzip.is(content) ? ".gz" : "")), content);
            }
            if (rnd.nextBoolean()) {
                Files.write(in.resolve("events.ndjson"), jsonLines(rnd, EVENTS, 1 + rnd.nextInt(6)));
            }

            // When it is read and parsed as the replay does, then the counts add up
            InputFiles read = InputFiles.read(in, rnd.nextBoolean() ? MetricFormat.OPENTELEMETRY_1_0 : null);
            assertThat(read.messages).isPositive();
            assertAddsUp(read, "seed " + seed);
        }
    }

    private static void assertAddsUp(InputFiles in, String what) {
        Tally<MetricDatapoint> metrics = new Tally<>();
        in.metricRecords.forEach(r -> in.metricFormat().parser(LIMITS, "metrics").parse(r, 0, metrics));
        Tally<dev.vigil.schemas.HealthEvent> events = new Tally<>();
        EventParser eventParser = new EventParser(LIMITS, "events");
        in.eventRecords.forEach(r -> eventParser.parse(r, 0, events));
        assertThat(in.records).as("records = datapoints + events + dead letters + blank, %s", what)
                .isEqualTo(metrics.accepted + events.accepted + metrics.rejected + events.rejected + in.blank);
    }

    private static byte[] jsonFile(Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = rnd.nextInt(40);
        String eol = rnd.nextInt(4) == 0 ? "\r\n" : "\n";
        for (int i = 0; i < lines; i++) {
            byte[] line = jsonLine(rnd);
            out.write(line, 0, line.length);
            if (i < lines - 1 || rnd.nextBoolean()) {
                out.writeBytes(eol.getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] text = out.toByteArray();
        switch (rnd.nextInt(10)) {
            case 0:
            case 1:
            case 2:
                return Recording.gzip(text);
            case 3: {
                byte[] gz = Recording.gzip(text);
                return Arrays.copyOf(gz, Math.max(2, gz.length / 2)); // a gzip file cut short
            }
            default:
                return text;
        }
    }

    private static byte[] jsonLine(Random rnd) {
        String metric = METRICS.get(rnd.nextInt(METRICS.size()));
        String event = EVENTS.get(rnd.nextInt(EVENTS.size()));
        switch (rnd.nextInt(14)) {
            case 0:
            case 1:
            case 2:
            case 3:
                return metric.getBytes(StandardCharsets.UTF_8);
            case 4:
            case 5:
                return event.getBytes(StandardCharsets.UTF_8);
            case 6:
                return new String[] {"", " ", "\t", " \t ", "\r"}[rnd.nextInt(5)].getBytes(StandardCharsets.US_ASCII);
            case 7:
                return (event + event).getBytes(StandardCharsets.UTF_8); // Firehose's back-to-back objects
            case 8:
                return (metric + metric + "}").getBytes(StandardCharsets.UTF_8); // two objects and a stray brace
            case 9:
                return metric.substring(0, rnd.nextInt(metric.length())).getBytes(StandardCharsets.UTF_8);
            case 10:
                return event.replace("\"detail\"", "\"detail\"x").getBytes(StandardCharsets.UTF_8);
            case 11: {
                byte[] noise = new byte[1 + rnd.nextInt(40)];
                rnd.nextBytes(noise);
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = noise[i] == '\n' ? 0 : noise[i];
                }
                return noise;
            }
            case 12:
                return "[1, 2, 3]".getBytes(StandardCharsets.US_ASCII);
            default:
                return metric.replace("\"count\"", "\"cnt\"").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] jsonLines(Random rnd, List<String> from, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(from.get(rnd.nextInt(from.size()))).append(rnd.nextInt(5) == 0 ? "\n\n" : "\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] otelFile(Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int messages = 1 + rnd.nextInt(5);
        for (int m = 0; m < messages; m++) {
            int from = rnd.nextInt(DATAPOINTS.size());
            List<MetricDatapoint> dps = DATAPOINTS.subList(from, Math.min(DATAPOINTS.size(), from + 1 + rnd.nextInt(30)));
            byte[] message = rnd.nextBoolean() ? Otlp10Records.record(Otlp10Records.request(dps))
                    : Otlp07Records.record(Otlp07Records.request(dps));
            out.write(message, 0, message.length);
        }
        byte[] data = out.toByteArray();
        int damage = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(4) : 0;
        for (int k = 0; k < damage; k++) {
            data[1 + rnd.nextInt(data.length - 1)] = (byte) rnd.nextInt(256); // never the first: it says the format
        }
        if (rnd.nextInt(5) == 0) {
            data = Arrays.copyOf(data, 1 + rnd.nextInt(data.length)); // cut short
        }
        return rnd.nextInt(4) == 0 ? Recording.gzip(data) : data;
    }

    private static List<MetricDatapoint> datapoints() {
        List<MetricDatapoint> out = new ArrayList<>();
        byte[] lines = String.join("\n", METRICS).getBytes(StandardCharsets.UTF_8);
        new MetricStreamParser(LIMITS, "metrics").parse(lines, 0, new ParseOutput<MetricDatapoint>() {
            @Override
            public void accept(MetricDatapoint record) {
                out.add(record);
            }

            @Override
            public void reject(DeadLetter deadLetter) {
            }
        });
        return out;
    }

    /** Whether bytes are gzip, for naming the file as an S3 export would. */
    private static final class RecordsGzip {
        static boolean is(byte[] b) {
            return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
        }
    }
}
