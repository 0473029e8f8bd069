package dev.vigil.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * An in-memory stream behind {@link Kinesis}, with faults on demand: {@code throttle} decides per
 * (call number, entry) whether Kinesis refuses the entry, as a busy shard does. Records every
 * call, so tests can check the limits and the order of what was written.
 */
final class FakeKinesis implements Kinesis {
    final List<Entry> written = new ArrayList<>();
    final List<List<Entry>> calls = new ArrayList<>();
    private final BiPredicate<Integer, Entry> throttle;

    FakeKinesis() {
        this((call, e) -> false);
    }

    FakeKinesis(BiPredicate<Integer, Entry> throttle) {
        this.throttle = throttle;
    }

    @Override
    public synchronized List<String> putRecords(String stream, List<Entry> entries) {
        calls.add(new ArrayList<>(entries));
        int call = calls.size();
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            if (throttle.test(call, e)) {
                out.add("ProvisionedThroughputExceededException");
            } else {
                written.add(e);
                out.add(null);
            }
        }
        return out;
    }

    /** Every line written, in write order. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Entry e : written) {
            out.addAll(Arrays.asList(new String(e.data, StandardCharsets.UTF_8).split("\n")));
        }
        return out;
    }
}
