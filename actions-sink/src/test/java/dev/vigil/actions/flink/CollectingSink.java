package dev.vigil.actions.flink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Sink V2 that keeps everything it receives in a static queue, replays included (unlike
 * executeAndCollect, which hides what a restart re-emitted). One queue per name, so tests in the
 * same JVM do not mix.
 */
@SuppressWarnings("deprecation")
final class CollectingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final ConcurrentHashMap<String, ConcurrentLinkedQueue<Object>> QUEUES = new ConcurrentHashMap<>();

    private final String name;

    CollectingSink(String name) {
        this.name = name;
        QUEUES.put(name, new ConcurrentLinkedQueue<>());
    }

    @SuppressWarnings("unchecked")
    List<T> received() {
        List<T> out = new ArrayList<>();
        for (Object o : QUEUES.get(name)) {
            out.add((T) o);
        }
        return out;
    }

    @Override
    public SinkWriter<T> createWriter(InitContext context) {
        ConcurrentLinkedQueue<Object> queue = QUEUES.get(name);
        return new SinkWriter<T>() {
            @Override
            public void write(T element, Context ctx) {
                queue.add(element);
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
