package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz tests' own idea of a record's input units, written apart from {@link RecordLines} so that
 * a splitting bug there cannot hide behind the same bug here: lines on LF, one CR before it dropped,
 * lines of only spaces, tabs and CRs blank. And the check every line-based parser must pass on any
 * record: each non-blank line gives exactly one output, in order, a dead letter holding the line's
 * exact bytes; or the whole record is one dead letter of its exact bytes.
 */
final class InputUnits {
    private InputUnits() {}

    /** One output of a parser, in the order it came. */
    static final class Out<T> implements ParseOutput<T> {
        final List<Object> all = new ArrayList<>();

        @Override
        public void accept(T record) {
            all.add(record);
        }

        @Override
        public void reject(DeadLetter deadLetter) {
            all.add(deadLetter);
        }
    }

    static List<byte[]> lines(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == '\n') {
                int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                byte[] line = Arrays.copyOfRange(data, start, end);
                if (!blank(line)) {
                    out.add(line);
                }
                start = i + 1;
            }
        }
        return out;
    }

    static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The record's bytes as the parser should split them, or null when it must be one dead letter. */
    static byte[] content(byte[] record, ParseLimits limits) {
        if (record.length >= 2 && (record[0] & 0xff) == 0x1f && (record[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(record))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    if (out.size() > limits.maxRecordBytes()) {
                        return null;
                    }
                }
                return out.toByteArray();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return record.length > limits.maxRecordBytes() ? null : record;
    }

    /**
     * Every unit of {@code record} became exactly one output, and every dead letter holds exactly
     * the bytes of its unit; returns the outputs that were accepted.
     */
    static <T> List<T> assertEveryLineAccounted(byte[] record, ParseLimits limits, Out<T> out, Class<T> type) {
        byte[] content = content(record, limits);
        if (content == null) {
            assertThat(out.all).as("a record that does not inflate or is too large is one dead letter").hasSize(1);
            DeadLetter d = (DeadLetter) out.all.get(0);
            assertThat(d.getReason()).isIn(DeadLetterReason.BAD_COMPRESSION, DeadLetterReason.OVERSIZED);
            assertThat(d.getOriginal()).isEqualTo(record);
            return List.of();
        }
        List<byte[]> lines = lines(content);
        assertThat(out.all).as("one output per non-blank line").hasSize(lines.size());
        List<T> accepted = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Object o = out.all.get(i);
            if (o instanceof DeadLetter) {
                DeadLetter d = (DeadLetter) o;
                assertThat(d.getOriginal()).as("dead letter %d holds its line's exact bytes", i).isEqualTo(lines.get(i));
                assertThat(d.getReason()).isNotNull();
                assertThat(d.getMessage()).isNotEmpty();
            } else {
                accepted.add(type.cast(o));
            }
        }
        return accepted;
    }
}
