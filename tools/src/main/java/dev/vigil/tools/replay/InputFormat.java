package dev.vigil.tools.replay;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which files {@code scripts/replay --input} reads, decided by name in this one place; a file of
 * any other name is skipped and listed (printed, and in {@code summary.json}), never turned into
 * dead letters. A new format is one more constant here and a case in {@link InputFiles}.
 */
enum InputFormat {
    /**
     * Newline-delimited JSON (metric-stream lines, EventBridge events, Firehose's back-to-back
     * objects): {@code .json}, {@code .jsonl}, {@code .ndjson}, each optionally {@code .gz}. Gzip is
     * recognised by its magic bytes whatever the name says.
     */
    JSON_LINES,
    /**
     * The objects Firehose writes to S3, named {@code STREAM-VERSION-YYYY-MM-DD-HH-MM-SS-UUID} with no
     * extension unless one is configured (optionally {@code .gz}): JSON lines or OpenTelemetry
     * messages, told apart by their first bytes ({@code MetricFormat.sniff}).
     */
    FIREHOSE_OBJECT,
    /**
     * A metric stream in an OpenTelemetry output format: length-prefixed
     * {@code ExportMetricsServiceRequest} messages (Firehose's S3 objects of such a stream, or
     * {@code .otel}, {@code .pb}, {@code .binpb}, each optionally {@code .gz}). A file of any other
     * name is read as one too when its whole content frames into such messages: a stray text file
     * never does.
     */
    OPENTELEMETRY;

    private static final Pattern JSON_NAME = Pattern.compile("(?i).+\\.(json|jsonl|ndjson)(\\.gz)?");
    private static final Pattern OTEL_NAME = Pattern.compile("(?i).+\\.(otel|pb|binpb)(\\.gz)?");
    private static final Pattern FIREHOSE_NAME = Pattern.compile(
            "(?i).+-\\d+-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}(\\.gz)?");

    /** What is read, for messages and the README. */
    static final String DESCRIPTION = "*.json, *.jsonl, *.ndjson (each optionally .gz) and Firehose's S3 objects "
            + "(STREAM-VERSION-YYYY-MM-DD-HH-MM-SS-UUID, no extension or .gz); OpenTelemetry metric-stream files "
            + "(*.otel, *.pb, *.binpb, optionally .gz, or any file whose content frames as its messages)";

    /** The format of a file by its name, or null when replay does not read it. */
    static InputFormat of(String fileName) {
        if (fileName.startsWith(".")) {
            return null; // .DS_Store, editor swap files, .crc companions
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        if (OTEL_NAME.matcher(name).matches()) {
            return OPENTELEMETRY;
        }
        if (JSON_NAME.matcher(name).matches()) {
            return JSON_LINES;
        }
        return FIREHOSE_NAME.matcher(name).matches() ? FIREHOSE_OBJECT : null;
    }

    /** By name, else by content: a file of no known name is read when it frames as OpenTelemetry messages. */
    static InputFormat of(String fileName, byte[] content) {
        InputFormat byName = of(fileName);
        if (byName != null || fileName.startsWith(".")) {
            return byName;
        }
        return InputFiles.framesAsMessages(content) ? OPENTELEMETRY : null;
    }
}
