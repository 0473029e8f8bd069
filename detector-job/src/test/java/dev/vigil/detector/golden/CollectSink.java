package dev.vigil.detector.golden;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A stateless Sink V2 keeping what it receives in a static queue per name (the MiniCluster runs in
 * this JVM); given a pacing, it also reports its watermark to that job's {@link GoldenPacing}.
 */
@SuppressWarnings("deprecation")
final class CollectSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final ConcurrentHashMap<String, ConcurrentLinkedQueue<Object>> QUEUES = new ConcurrentHashMap<>();

    private final String name;
    @Nullable
    private final String pacing;

    /** @param pacing the job's ({@link GoldenSource#newRun}) on its one pacing sink, else null */
    CollectSink(String name, @Nullable String pacing) {
        this.name = name;
        this.pacing = pacing;
        QUEUES.put(name, new ConcurrentLinkedQueue<>());
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> received(String name) {
        List<T> out = new ArrayList<>();
        for (Object o : QUEUES.getOrDefault(name, new ConcurrentLinkedQueue<>())) {
            out.add((T) o);
        }
        return out;
    }

    @Override
    public SinkWriter<T> createWriter(InitContext context) {
        ConcurrentLinkedQueue<Object> queue = QUEUES.get(name);
        int subtask = context.getSubtaskId();
        return new SinkWriter<T>() {
            @Override
            public void write(T element, Context ctx) {
                queue.add(element);
            }

            @Override
            public void writeWatermark(Watermark watermark) {
                if (pacing != null) {
                    GoldenSource.observe(pacing, subtask, watermark.getTimestamp());
                }
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
