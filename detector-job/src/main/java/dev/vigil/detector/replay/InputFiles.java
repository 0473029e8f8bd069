package dev.vigil.detector.replay;

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
 */
final class InputFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
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
        for (String line : new String(text, StandardCharsets.UTF_8).split("\r?\n")) {
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
        if (inBatch > 0) {
            metricRecords.add(batch.toString().getBytes(StandardCharsets.UTF_8));
        }
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
