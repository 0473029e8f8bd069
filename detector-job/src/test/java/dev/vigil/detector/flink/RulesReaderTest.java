package dev.vigil.detector.flink;

import dev.vigil.detector.live.InMemoryRulesObjects;
import dev.vigil.detector.live.RulesObjects;
import dev.vigil.detector.live.RulesUpdate;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RulesReaderTest {
    private static final String R0 = "version: 1\nrules: []\n";
    private static final String R1 = "version: 2\nrules: []\n";

    @Test
    void emitsEachNewVersionOnceAndARestoredReaderDoesNotReadTheLastOneAgain() throws Exception {
        // Given an object holding R0 and a reader polling it
        InMemoryRulesObjects s3 = InMemoryRulesObjects.named("s3://b/versions.yaml");
        s3.publish(R0);
        RulesReader reader = reader(s3, null);
        Collected out = new Collected();

        // When it polls, then polls again with nothing changed
        pollUntil(reader, out, 1);
        int fetched = s3.fetches();
        pollUntilFetched(reader, out, s3, fetched + 2);

        // Then R0 came once
        assertThat(out.texts()).containsExactly(R0);

        // When R1 is published
        s3.publish(R1);
        pollUntil(reader, out, 2);

        // Then R1 follows, and the checkpointed split holds its tag
        assertThat(out.texts()).containsExactly(R0, R1);
        List<RulesSplit> state = reader.snapshotState(1);
        assertThat(state).extracting(RulesSplit::lastTag).containsExactly(out.records.get(1).tag());
        reader.close();

        // When a reader restores that split, with nothing published since
        RulesSplit restored = RulesSplit.Serializer.INSTANCE.deserialize(1, RulesSplit.Serializer.INSTANCE.serialize(state.get(0)));
        RulesReader again = reader(s3, restored);
        Collected afterRestore = new Collected();
        pollUntilFetched(again, afterRestore, s3, s3.fetches() + 2);

        // Then it does not read R1 again
        assertThat(afterRestore.records).isEmpty();
        again.close();
    }

    @Test
    void aFailedPollEmitsNothingAndTheNextOneReadsTheObject() throws Exception {
        // Given an object that cannot be read (access denied)
        InMemoryRulesObjects s3 = InMemoryRulesObjects.named("s3://b/failing.yaml");
        s3.publish(R0);
        s3.failing(true);
        RulesReader reader = reader(s3, null);
        Collected out = new Collected();

        // When the reader polls it, failing
        pollUntilFetched(reader, out, s3, 2);

        // Then nothing came, and once the object can be read again it comes
        assertThat(out.records).isEmpty();
        s3.failing(false);
        pollUntil(reader, out, 1);
        assertThat(out.texts()).containsExactly(R0);
        reader.close();
    }

    @Test
    void withLiveRulesOffTheReaderEndsAtOnce() throws Exception {
        RulesReader reader = new RulesReader(null, 1);
        reader.start();
        reader.notifyNoMoreSplits();
        assertThat(reader.isAvailable()).isDone();
        assertThat(reader.pollNext(new Collected())).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(RulesSource.off().getBoundedness()).isEqualTo(org.apache.flink.api.connector.source.Boundedness.BOUNDED);
    }

    private static RulesReader reader(InMemoryRulesObjects s3, RulesSplit split) {
        RulesReader reader = new RulesReader(new InMemoryRulesObjects.Factory(s3.location()), 5);
        reader.start();
        reader.addSplits(List.of(split == null ? new RulesSplit(null) : split));
        return reader;
    }

    private static void pollUntil(RulesReader reader, Collected out, int records) throws Exception {
        for (int i = 0; i < 1_000 && out.records.size() < records; i++) {
            reader.isAvailable().get(5, TimeUnit.SECONDS);
            reader.pollNext(out);
        }
        assertThat(out.records).hasSize(records);
    }

    private static void pollUntilFetched(RulesReader reader, Collected out, InMemoryRulesObjects s3, int fetches)
            throws Exception {
        for (int i = 0; i < 1_000 && s3.fetches() < fetches; i++) {
            reader.isAvailable().get(5, TimeUnit.SECONDS);
            reader.pollNext(out);
        }
        reader.isAvailable().get(5, TimeUnit.SECONDS);
        reader.pollNext(out);
        assertThat(s3.fetches()).isGreaterThanOrEqualTo(fetches);
    }

    /** What the reader hands Flink. */
    private static final class Collected implements ReaderOutput<RulesUpdate> {
        final List<RulesUpdate> records = new ArrayList<>();

        List<String> texts() {
            List<String> t = new ArrayList<>();
            records.forEach(r -> t.add(new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8)));
            return t;
        }

        @Override
        public void collect(RulesUpdate record) {
            records.add(record);
        }

        @Override
        public void collect(RulesUpdate record, long timestamp) {
            records.add(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            throw new AssertionError("the rules carry no event time");
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<RulesUpdate> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }
}
