package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Turns one Kinesis record into its lines: inflates gzip (detected by its magic bytes, as relays
 * may or may not compress) and splits on newlines, since relays batch many objects per record.
 * Bytes, never text: a line reaches the parser (and, if broken, its dead letter) exactly as it
 * came, invalid UTF-8, NULs and all. The replay's file reader splits with the same rule.
 */
public final class RecordLines {
    /** Receives each non-blank line as a slice of a shared buffer: copy what you keep. */
    public interface LineHandler {
        void line(byte[] buf, int offset, int length);
    }

    private RecordLines() {}

    /**
     * Calls {@code handler} per non-blank line. Returns null on success, or the dead letter for a
     * record that could not be split at all (bad gzip, too large).
     */
    static DeadLetter forEachLine(byte[] record, String source, long ingestTime, ParseLimits limits,
                                  LineHandler handler) {
        byte[] data = record;
        int length = record.length;
        if (isGzip(record)) {
            try {
                data = inflate(record, limits.maxRecordBytes());
            } catch (IOException e) {
                return new DeadLetter(DeadLetterReason.BAD_COMPRESSION, "gzip: " + e.getMessage(), source,
                        ingestTime, record);
            }
            if (data == null) {
                return new DeadLetter(DeadLetterReason.OVERSIZED,
                        "record inflates past " + limits.maxRecordBytes() + " bytes", source, ingestTime, record);
            }
            length = data.length;
        } else if (length > limits.maxRecordBytes()) {
            return new DeadLetter(DeadLetterReason.OVERSIZED,
                    "record of " + length + " bytes exceeds " + limits.maxRecordBytes(), source, ingestTime, record);
        }
        split(data, length, handler);
        return null;
    }

    /**
     * Calls {@code handler} per line of {@code data[0, length)}: split on LF, one CR before it
     * (or at the end) dropped as part of the terminator, blank lines (spaces, tabs, CRs only)
     * skipped. Anything else is a line, a line of NULs too: it is not blank, it is broken.
     */
    public static void split(byte[] data, int length, LineHandler handler) {
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || data[i] == '\n') {
                int end = i;
                if (end > start && data[end - 1] == '\r') {
                    end--;
                }
                if (!isBlank(data, start, end)) {
                    handler.line(data, start, end - start);
                }
                start = i + 1;
            }
        }
    }

    public static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    /** Inflated bytes, or null when they exceed {@code max}. */
    static byte[] inflate(byte[] gz, int max) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] out = new byte[Math.min(Math.max(gz.length * 4, 1024), max + 1)];
            int n = 0;
            while (true) {
                if (n == out.length) {
                    if (out.length > max) {
                        return null;
                    }
                    out = Arrays.copyOf(out, Math.min(out.length * 2, max + 1));
                }
                int r = in.read(out, n, out.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n > max ? null : Arrays.copyOf(out, n);
        }
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
