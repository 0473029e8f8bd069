package dev.vigil.tools.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.parse.OtlpMetricsParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.RecordLines;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Recordings as exported from S3 (where Firehose wrote them) or saved by hand: files or folders of
 * newline-delimited JSON ({@link InputFormat}), each file optionally gzip-compressed, holding
 * metric-stream lines and/or EventBridge events. Each line is sorted by its shape: an object with
 * {@code detail} or {@code detail-type} is an event, anything else goes to the metric parser,
 * which turns what it cannot read into a dead letter with its reason and bytes. So no line is
 * dropped here, and none is changed: lines stay bytes (split as {@link RecordLines} splits a
 * Kinesis record), never decoded, so invalid UTF-8, NULs or a BOM reach the dead letter as they were.
 * Files of other formats are skipped and listed in {@link #skipped}.
 *
 * <p>A file of a metric stream in an OpenTelemetry format (length-prefixed messages, as Firehose
 * writes them to S3) is told apart by its first bytes ({@link MetricFormat#sniff}) or by the
 * format the replay is given, and framed into its messages, which are batched into records.
 *
 * <p>Firehose writes EventBridge events to S3 back to back with no separator
 * ({@code {...}{...}}); such a line is split into its objects first. A line that does not parse
 * as a sequence of whole objects is passed on as it is, for the parser to dead-letter.
 */
final class InputFiles {
    /** Strict about trailing content: a line with more than one value is not one event. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Lines per metric record, as a relay batches them. */
    private static final int LINES_PER_RECORD = 500;
    private static final byte[] DETAIL = "\"detail".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** OpenTelemetry messages are batched up to a Kinesis record's 1 MiB. */
    private static final int BYTES_PER_RECORD = 1024 * 1024;

    /** The metric format the replay was given, or null to tell each file by its content. */
    private final MetricFormat format;

    final List<byte[]> metricRecords = new ArrayList<>();
    final List<byte[]> eventRecords = new ArrayList<>();
    /** Files (or hidden folders, with a trailing '/') not read, relative to the folder given. */
    final List<String> skipped = new ArrayList<>();
    long files;
    long lines;
    long metricLines;
    long eventLines;
    /** OpenTelemetry messages read (a tail that cannot be framed counts as one). */
    long messages;
    /**
     * Input units, each of which ends as exactly one datapoint, event, dead letter or blank line: the
     * lines (blank ones included, objects written back to back counted apart), a file that does not
     * inflate, and for OpenTelemetry each datapoint (or metric of another type) of a message that
     * decodes, each message that does not, and a tail that cannot be framed.
     */
    long records;
    /** Lines of only spaces, tabs and CRs: read and skipped. */
    long blank;

    private final ByteArrayOutputStream batch = new ByteArrayOutputStream();
    private int inBatch;

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

    static InputFiles read(Path fileOrDir) throws IOException {
        return read(fileOrDir, null);
    }

    static InputFiles read(Path fileOrDir, MetricFormat format) throws IOException {
        InputFiles in = new InputFiles(format);
        if (Files.isRegularFile(fileOrDir)) {
            byte[] content = Files.readAllBytes(fileOrDir);
            InputFormat kind = InputFormat.of(fileOrDir.getFileName().toString(), content);
            if (kind == null) {
                throw new IllegalArgumentException(fileOrDir + ": not a format replay reads; it reads "
                        + InputFormat.DESCRIPTION);
            }
            in.add(content, kind);
            return in.checked();
        }
        if (!Files.isDirectory(fileOrDir)) {
            throw new java.nio.file.NoSuchFileException(fileOrDir.toString());
        }
        List<Path> paths = new ArrayList<>();
        Files.walkFileTree(fileOrDir, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(fileOrDir) && dir.getFileName().toString().startsWith(".")) {
                    in.skipped.add(fileOrDir.relativize(dir) + "/"); // .git, .snapshots: never recordings
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    paths.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(paths);
        for (Path p : paths) {
            byte[] content = Files.readAllBytes(p);
            InputFormat kind = InputFormat.of(p.getFileName().toString(), content);
            if (kind == null) {
                in.skipped.add(fileOrDir.relativize(p).toString());
            } else {
                in.add(content, kind);
            }
        }
        Collections.sort(in.skipped);
        return in.checked();
    }

    private InputFiles checked() throws IOException {
        if (metricFormat().binary() && metricLines > 0) {
            throw new IOException("the input mixes JSON metric-stream lines with OpenTelemetry metric files: one replay "
                    + "reads one metric format, so replay them separately");
        }
        return this;
    }

    /** One file's bytes, its format told by its content. */
    void add(byte[] content) {
        add(content, null);
    }

    /**
     * One file's bytes; {@code kind} is what its name says (null: nothing, so its content). A file
     * named as JSON is lines and one named as OpenTelemetry is messages, whatever its first bytes look
     * like: a JSON file opening with a blank line and a broken one, or an OpenTelemetry file damaged at
     * its start, would otherwise be taken for the other format (and refused beside its own kind).
     */
    void add(byte[] content, InputFormat kind) {
        files++;
        byte[] text = content;
        if (RecordLines.isGzip(content)) {
            try {
                text = gunzip(content);
            } catch (IOException e) {
                // The metric parser inflates gzip itself and dead-letters it as bad_compression, bytes kept.
                metricRecords.add(content);
                lines++;
                metricLines++;
                records++;
                return;
            }
        }
        MetricFormat looks = kind == InputFormat.OPENTELEMETRY ? MetricFormat.OPENTELEMETRY_1_0
                : kind == InputFormat.JSON_LINES ? MetricFormat.JSON : MetricFormat.sniff(text);
        if (looks != null ? looks.binary() && (format == null || format.binary()) : format != null && format.binary()) {
            addMessages(text);
            return;
        }
        long[] nonBlank = {0};
        RecordLines.split(text, text.length, (buf, off, len) -> {
            nonBlank[0]++;
            byte[] line = Arrays.copyOfRange(buf, off, off + len);
            for (byte[] object : splitConcatenated(line)) {
                lines++;
                records++;
                if (isEvent(object)) {
                    eventLines++;
                    eventRecords.add(endsWithCr(object) ? terminated(object) : object);
                } else {
                    metricLines++;
                    // Within a Kinesis record's size too: a record over the parser's limit would be one
                    // dead letter for all its lines.
                    if (inBatch > 0 && batch.size() + object.length + 2 > BYTES_PER_RECORD) {
                        flush();
                    }
                    terminated(object, batch);
                    if (++inBatch == LINES_PER_RECORD) {
                        flush();
                    }
                }
            }
        });
        flush();
        long blankLines = physicalLines(text) - nonBlank[0];
        blank += blankLines;
        records += blankLines;
    }

    /** Lines as {@link RecordLines#split} cuts them, blank ones included: a last line needs no newline. */
    private static long physicalLines(byte[] text) {
        long n = 0;
        for (byte b : text) {
            if (b == '\n') {
                n++;
            }
        }
        return text.length > 0 && text[text.length - 1] != '\n' ? n + 1 : n;
    }

    private void flush() {
        if (inBatch > 0) {
            metricRecords.add(batch.toByteArray());
            batch.reset();
            inBatch = 0;
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
                records++;
                flush(data, recordStart, pos);
                flush(data, pos, data.length);
                return;
            }
            records += end - pos > ParseLimits.DEFAULT_MAX_RECORD_BYTES ? 1 : OtlpMetricsParser.units(data, pos, end);
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
            metricRecords.add(Arrays.copyOfRange(data, from, to));
        }
    }

    /** Whether the bytes (inflated if gzip'd) frame into length-prefixed messages, ending exactly at the end. */
    static boolean framesAsMessages(byte[] content) {
        byte[] data = content;
        if (RecordLines.isGzip(content)) {
            try {
                data = gunzip(content);
            } catch (IOException e) {
                return false;
            }
        }
        if (MetricFormat.sniff(data) == null || !MetricFormat.sniff(data).binary()) {
            return false;
        }
        int pos = 0;
        while (pos < data.length) {
            int end = OtlpMetricsParser.frameEnd(data, pos);
            if (end <= pos) {
                return false;
            }
            pos = end;
        }
        return true;
    }

    /**
     * Writes the line and a newline such that the parser's split gives back exactly this line: a
     * line that itself ends in CR gets CR LF (the split drops one CR before LF as the terminator's).
     */
    private static void terminated(byte[] line, ByteArrayOutputStream out) {
        out.write(line, 0, line.length);
        if (endsWithCr(line)) {
            out.write('\r');
        }
        out.write('\n');
    }

    private static byte[] terminated(byte[] line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 2);
        terminated(line, out);
        return out.toByteArray();
    }

    private static boolean endsWithCr(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\r';
    }

    /** The objects of a line holding several back to back; the line itself otherwise. */
    static List<byte[]> splitConcatenated(byte[] line) {
        if (!containsConcatenation(line)) {
            return List.of(line);
        }
        List<byte[]> out = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) {
                    return List.of(line);
                }
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int end = (int) p.currentLocation().getByteOffset();
                out.add(Arrays.copyOfRange(line, start, end));
            }
        } catch (IOException e) {
            return List.of(line);
        }
        return out.size() > 1 ? out : List.of(line);
    }

    private static boolean containsConcatenation(byte[] b) {
        for (int i = 1; i < b.length; i++) {
            if (b[i] == '{' && b[i - 1] == '}') {
                return true;
            }
        }
        return false;
    }

    static boolean isEvent(byte[] line) {
        if (indexOf(line, DETAIL) < 0) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() && (n.has("detail") || n.has("detail-type"));
        } catch (IOException e) {
            return false;
        }
    }

    private static int indexOf(byte[] b, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= b.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (b[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
