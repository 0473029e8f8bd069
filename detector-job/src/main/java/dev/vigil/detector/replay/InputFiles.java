package dev.vigil.detector.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    final List<byte[]> metricRecords = new ArrayList<>();
    final List<byte[]> eventRecords = new ArrayList<>();
    /** Files (or hidden folders, with a trailing '/') not read, relative to the folder given. */
    final List<String> skipped = new ArrayList<>();
    long files;
    long lines;
    long metricLines;
    long eventLines;

    private final ByteArrayOutputStream batch = new ByteArrayOutputStream();
    private int inBatch;

    static InputFiles read(Path fileOrDir) throws IOException {
        InputFiles in = new InputFiles();
        if (Files.isRegularFile(fileOrDir)) {
            if (InputFormat.of(fileOrDir.getFileName().toString()) == null) {
                throw new IllegalArgumentException(fileOrDir + ": not a format replay reads; it reads "
                        + InputFormat.DESCRIPTION);
            }
            in.add(Files.readAllBytes(fileOrDir));
            return in;
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
                    if (InputFormat.of(file.getFileName().toString()) == null) {
                        in.skipped.add(fileOrDir.relativize(file).toString());
                    } else {
                        paths.add(file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(paths);
        Collections.sort(in.skipped);
        for (Path p : paths) {
            in.add(Files.readAllBytes(p));
        }
        return in;
    }

    /** One file's bytes (a {@link InputFormat#JSON_LINES} file). */
    void add(byte[] content) {
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
                return;
            }
        }
        RecordLines.split(text, text.length, (buf, off, len) -> {
            byte[] line = Arrays.copyOfRange(buf, off, off + len);
            for (byte[] object : splitConcatenated(line)) {
                lines++;
                if (isEvent(object)) {
                    eventLines++;
                    eventRecords.add(endsWithCr(object) ? terminated(object) : object);
                } else {
                    metricLines++;
                    terminated(object, batch);
                    if (++inBatch == LINES_PER_RECORD) {
                        flush();
                    }
                }
            }
        });
        flush();
    }

    private void flush() {
        if (inBatch > 0) {
            metricRecords.add(batch.toByteArray());
            batch.reset();
            inBatch = 0;
        }
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
