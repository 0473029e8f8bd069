package dev.vigil.detector.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.parse.OtlpMetricsParser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Recordings as exported from S3 (where Firehose wrote them) or saved by hand: files or folders of
 * newline-delimited JSON, each file optionally gzip-compressed, holding metric-stream lines and/or
 * EventBridge events. Each line is sorted by its shape: an object with {@code detail} or
 * {@code detail-type} is an event, anything else goes to the metric parser, which turns what it
 * cannot read into a dead letter with its reason and bytes. So no line is dropped here.
 *
 * <p>Firehose writes EventBridge events to S3 back to back with no separator
 * ({@code {...}{...}}); such a line is split into its objects first. A line that does not parse
 * as a sequence of whole objects is passed on as it is, for the parser to dead-letter.
 *
 * <p>A file of a metric stream in an OpenTelemetry format (length-prefixed messages, as Firehose
 * writes them to S3) is told apart by its first bytes ({@link MetricFormat#sniff}) or by the
 * format the replay is given, and framed into its messages, which are batched into records.
 */
final class InputFiles {
    /** Strict about trailing content: a line with more than one value is not one event. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Lines per metric record, as a relay batches them. */
    private static final int LINES_PER_RECORD = 500;
    /** OpenTelemetry messages are batched up to a Kinesis record's 1 MiB. */
    private static final int BYTES_PER_RECORD = 1024 * 1024;

    /** The metric format the replay was given, or null to tell each file by its content. */
    private final MetricFormat format;

    final List<byte[]> metricRecords = new ArrayList<>();
    final List<byte[]> eventRecords = new ArrayList<>();
    long files;
    long lines;
    long metricLines;
    long eventLines;
    /** OpenTelemetry messages read (a tail that cannot be framed counts as one). */
    long messages;

    InputFiles() {
        this(null);
    }

    InputFiles(MetricFormat format) {
        this.format = format;
    }

    /** The metric format of what was read: the one given, else OpenTelemetry if a file was, else JSON. */
    MetricFormat metricFormat() {
        return format != null ? format : messages > 0 ? MetricFormat.OPENTELEMETRY_1_0 : MetricFormat.JSON;
    }

    static InputFiles read(Path fileOrDir, MetricFormat format) throws IOException {
        List<Path> paths;
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> s = Files.walk(fileOrDir)) {
                paths = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().collect(Collectors.toList());
            }
        } else if (Files.isRegularFile(fileOrDir)) {
            paths = List.of(fileOrDir);
        } else {
            throw new IOException("no such file or folder: " + fileOrDir);
        }
        InputFiles in = new InputFiles(format);
        for (Path p : paths) {
            in.add(Files.readAllBytes(p));
        }
        if (in.metricFormat().binary() && in.metricLines > 0) {
            throw new IOException("the input mixes JSON metric-stream lines with OpenTelemetry metric files: one replay "
                    + "reads one metric format, so replay them separately");
        }
        return in;
    }

    void add(byte[] content) {
        files++;
        byte[] text = content;
        if (isGzip(content)) {
            try {
                text = gunzip(content);
            } catch (IOException e) {
                // The metric parser inflates gzip itself and dead-letters it as bad_compression, bytes kept.
                metricRecords.add(content);
                lines++;
                metricLines++;
                return;
            }
        }
        MetricFormat looks = MetricFormat.sniff(text);
        if (looks != null ? looks.binary() && (format == null || format.binary()) : format != null && format.binary()) {
            addMessages(text);
            return;
        }
        StringBuilder batch = new StringBuilder();
        int inBatch = 0;
        for (String raw : new String(text, StandardCharsets.UTF_8).split("\r?\n")) {
            for (String line : splitConcatenated(raw)) {
                if (line.trim().isEmpty()) {
                    continue;
                }
                lines++;
                if (isEvent(line)) {
                    eventLines++;
                    eventRecords.add(line.getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                metricLines++;
                batch.append(line).append('\n');
                if (++inBatch == LINES_PER_RECORD) {
                    metricRecords.add(batch.toString().getBytes(StandardCharsets.UTF_8));
                    batch.setLength(0);
                    inBatch = 0;
                }
            }
        }
        if (inBatch > 0) {
            metricRecords.add(batch.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Frames a file of length-prefixed messages into records; from a prefix that cannot be framed
     * on, the rest of the file is one record of its own, for the parser to dead-letter.
     */
    private void addMessages(byte[] data) {
        int recordStart = 0;
        int pos = 0;
        while (pos < data.length) {
            int end = OtlpMetricsParser.frameEnd(data, pos);
            messages++;
            if (end < 0) {
                flush(data, recordStart, pos);
                flush(data, pos, data.length);
                return;
            }
            if (end - recordStart > BYTES_PER_RECORD && pos > recordStart) {
                flush(data, recordStart, pos);
                recordStart = pos;
            }
            pos = end;
        }
        flush(data, recordStart, pos);
    }

    private void flush(byte[] data, int from, int to) {
        if (to > from) {
            metricRecords.add(java.util.Arrays.copyOfRange(data, from, to));
        }
    }

    /** The objects of a line holding several back to back; the line itself otherwise. */
    static List<String> splitConcatenated(String line) {
        if (!line.contains("}{")) {
            return List.of(line);
        }
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) {
                    return List.of(line);
                }
                int start = (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                int end = (int) p.currentLocation().getCharOffset();
                out.add(line.substring(start, end));
            }
        } catch (IOException e) {
            return List.of(line);
        }
        return out.size() > 1 ? out : List.of(line);
    }

    static boolean isEvent(String line) {
        if (!line.contains("\"detail")) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() && (n.has("detail") || n.has("detail-type"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
