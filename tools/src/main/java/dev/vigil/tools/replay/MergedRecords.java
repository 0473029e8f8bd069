package dev.vigil.tools.replay;

import dev.vigil.tools.nab.LabelledCsv;
import dev.vigil.tools.nab.LabelledRule;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The replay's metric records, read as the job consumes them: every series' file open at once,
 * rows merged in (shifted) time order and written as metric-stream lines, {@link #LINES} to a
 * record. Only the next row of each file is in memory, so a replay of months of one-minute data
 * for hundreds of series runs in a small, fixed heap.
 */
final class MergedRecords implements GeneratorFunction<Long, byte[]> {
    private static final long serialVersionUID = 1L;
    /** Lines per record, as a relay batches a metric stream. */
    static final int LINES = 500;

    private final List<ReplaySeries> series;
    private transient PriorityQueue<Cursor> queue;
    private transient StringBuilder batch;

    MergedRecords(List<ReplaySeries> series) {
        this.series = series;
    }

    /** Records this source produces for the series (rows as {@link LabelledCsv} counts them). */
    static long recordCount(List<ReplaySeries> series) {
        long rows = 0;
        for (ReplaySeries s : series) {
            rows += s.rows;
        }
        return (rows + LINES - 1) / LINES;
    }

    private static final class Cursor {
        final LabelledCsv csv;
        final String dimension;
        final long shift;
        final int index;
        long ts;

        Cursor(LabelledCsv csv, String dimension, long shift, int index) {
            this.csv = csv;
            this.dimension = dimension;
            this.shift = shift;
            this.index = index;
        }

        boolean advance() throws Exception {
            if (!csv.next()) {
                csv.close();
                return false;
            }
            ts = csv.timestampMs() + shift;
            return true;
        }
    }

    @Override
    public void open(SourceReaderContext context) throws Exception {
        queue = new PriorityQueue<>((a, b) -> a.ts != b.ts ? Long.compare(a.ts, b.ts) : Integer.compare(a.index, b.index));
        batch = new StringBuilder(LINES * 200);
        for (int i = 0; i < series.size(); i++) {
            ReplaySeries s = series.get(i);
            Cursor c = new Cursor(LabelledCsv.open(Paths.get(s.path)), jsonString(s.name), s.shiftMs, i);
            if (c.advance()) {
                queue.add(c);
            }
        }
    }

    @Override
    public byte[] map(Long index) throws Exception {
        batch.setLength(0);
        for (int n = 0; n < LINES && !queue.isEmpty(); n++) {
            Cursor c = queue.poll();
            double v = c.csv.value();
            batch.append("{\"account_id\":\"replay\",\"region\":\"local\",\"namespace\":\"").append(LabelledRule.NAMESPACE)
                    .append("\",\"metric_name\":\"").append(LabelledRule.METRIC).append("\",\"dimensions\":{\"")
                    .append(LabelledRule.DIMENSION).append("\":").append(c.dimension).append("},\"timestamp\":").append(c.ts)
                    .append(",\"value\":{\"max\":").append(v).append(",\"min\":").append(v).append(",\"sum\":").append(v)
                    .append(",\"count\":1.0}}\n");
            if (c.advance()) {
                queue.add(c);
            }
        }
        return batch.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        if (queue != null) {
            for (Cursor c : queue) {
                c.csv.close();
            }
        }
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
