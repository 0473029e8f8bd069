package dev.vigil.detector.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 */
final class InputFiles {
    /** Strict about trailing content: a line with more than one value is not one event. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Lines per metric record, as a relay batches them. */
    private static final int LINES_PER_RECORD = 500;

    final List<byte[]> metricRecords = new ArrayList<>();
    final List<byte[]> eventRecords = new ArrayList<>();
    long files;
    long lines;
    long metricLines;
    long eventLines;

    static InputFiles read(Path fileOrDir) throws IOException {
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
        InputFiles in = new InputFiles();
        for (Path p : paths) {
            in.add(Files.readAllBytes(p));
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
