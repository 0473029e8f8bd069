package dev.vigil.relay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes packed records to Kinesis with PutRecords, keeping each partition key's records in order
 * through partial failures. PutRecords does not order the entries of one call, and a retried entry
 * must not overtake a later one of the same series; so a call carries at most one record per key,
 * and a key's next record goes only once the one before it is written. Each call stays within
 * PutRecords' 500 entries and 5 MiB. Entries Kinesis refused (throttling, internal failure) are
 * sent again after an exponential backoff with full jitter, until every record is written or the
 * time budget is spent; only then does the caller answer Firehose, whose own retry covers the rest.
 * Segments ({@link RecordPacker}) are written one after the other, each completely before the next.
 */
final class OrderedWriter {
    static final int MAX_ENTRIES = 500;
    static final int MAX_CALL_BYTES = 5 * 1024 * 1024;

    /** Waits between attempts; tests replace it to run without sleeping. */
    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /** Why writing stopped before every record was in. */
    static final class Incomplete extends Exception {
        private static final long serialVersionUID = 1L;
        final int written;
        final int remaining;

        Incomplete(String message, int written, int remaining, Throwable cause) {
            super(message, cause);
            this.written = written;
            this.remaining = remaining;
        }
    }

    private final Kinesis kinesis;
    private final String stream;
    private final long budgetMs;
    private final long baseBackoffMs;
    private final long maxBackoffMs;
    private final Sleeper sleeper;

    OrderedWriter(Kinesis kinesis, String stream, long budgetMs, long baseBackoffMs, long maxBackoffMs, Sleeper sleeper) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.budgetMs = budgetMs;
        this.baseBackoffMs = baseBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.sleeper = sleeper;
    }

    /** Writes every segment in order; returns the number of PutRecords calls made. */
    int write(List<Map<String, List<byte[]>>> segments) throws Incomplete {
        long deadline = System.currentTimeMillis() + budgetMs;
        int calls = 0;
        int written = 0;
        for (int i = 0; i < segments.size(); i++) {
            try {
                calls += write(segments.get(i), deadline);
            } catch (Incomplete e) {
                int later = 0;
                for (int k = i + 1; k < segments.size(); k++) {
                    for (List<byte[]> r : segments.get(k).values()) {
                        later += r.size();
                    }
                }
                throw new Incomplete(e.getMessage(), written + e.written, e.remaining + later, e.getCause());
            }
            for (List<byte[]> r : segments.get(i).values()) {
                written += r.size();
            }
        }
        return calls;
    }

    /** Writes one segment's records by the deadline; returns the number of PutRecords calls made. */
    int write(Map<String, List<byte[]>> byKey, long deadline) throws Incomplete {
        List<String> keys = new ArrayList<>(byKey.keySet());
        List<Deque<byte[]>> queues = new ArrayList<>(keys.size());
        int remaining = 0;
        for (String k : keys) {
            queues.add(new ArrayDeque<>(byKey.get(k)));
            remaining += byKey.get(k).size();
        }
        int total = remaining;
        int calls = 0;
        int failedAttempts = 0;
        int next = 0; // round robin start, so no key waits behind others for ever
        while (remaining > 0) {
            List<Kinesis.Entry> batch = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            long bytes = 0;
            for (int n = 0; n < keys.size() && batch.size() < MAX_ENTRIES; n++) {
                int k = (next + n) % keys.size();
                byte[] head = queues.get(k).peekFirst();
                if (head == null) {
                    continue;
                }
                Kinesis.Entry e = new Kinesis.Entry(keys.get(k), head);
                if (bytes + e.size() > MAX_CALL_BYTES) {
                    if (batch.isEmpty()) {
                        throw new IllegalStateException("a record is larger than a PutRecords call"); // RecordPacker prevents it
                    }
                    continue;
                }
                batch.add(e);
                owners.add(k);
                bytes += e.size();
            }
            next = (next + 1) % keys.size();
            List<String> errors;
            String failure;
            Throwable cause = null;
            try {
                calls++;
                errors = kinesis.putRecords(stream, batch);
                if (errors.size() != batch.size()) {
                    throw new IllegalStateException("PutRecords answered " + errors.size() + " entries for " + batch.size());
                }
                failure = null;
                for (int i = 0; i < batch.size(); i++) {
                    if (errors.get(i) == null) {
                        queues.get(owners.get(i)).removeFirst();
                        remaining--;
                    } else if (failure == null) {
                        failure = errors.get(i);
                    }
                }
            } catch (Kinesis.KinesisCallException e) {
                if (!e.retryable()) {
                    throw new Incomplete(e.getMessage(), total - remaining, remaining, e);
                }
                failure = e.getMessage();
                cause = e;
            }
            if (failure == null) {
                failedAttempts = 0;
                continue;
            }
            failedAttempts++;
            long backoff = ThreadLocalRandom.current().nextLong(
                    Math.min(maxBackoffMs, baseBackoffMs << Math.min(20, failedAttempts - 1)) + 1);
            if (System.currentTimeMillis() + backoff > deadline) {
                throw new Incomplete("gave up after " + calls + " PutRecords calls, " + remaining + " of " + total
                        + " records not written (last error " + failure + ")", total - remaining, remaining, cause);
            }
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Incomplete("interrupted", total - remaining, remaining, e);
            }
        }
        return calls;
    }
}
