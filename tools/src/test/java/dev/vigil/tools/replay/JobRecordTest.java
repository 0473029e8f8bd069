package dev.vigil.tools.replay;

import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Samples;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a replay's job hands back reaches the sink as what it was, each kind in its own type. */
class JobRecordTest {

    /** Records what it is handed, by kind. */
    private static final class Recorder implements ReplayJob.Sink {
        final List<Object> received = new ArrayList<>();

        @Override
        public void evaluation(PeriodEvaluation e) {
            received.add(e);
        }

        @Override
        public void impairment(Impairment i) {
            received.add(i);
        }

        @Override
        public void deadLetter(DeadLetter d) {
            received.add(d);
        }

        @Override
        public void event(HealthEvent e) {
            received.add(e);
        }

        @Override
        public void datapoints(long count) {
            received.add(count);
        }
    }

    @Test
    void everyKindCrossesTheJobAndReachesItsOwnMethod() throws Exception {
        // Given one record of each kind and the union's serializer, Kryo forbidden
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<JobRecord> serializer = JobRecord.TYPE_INFO.createSerializer(config);
        PeriodEvaluation evaluation = new PeriodEvaluation("i-1|odd", "rule", 1_000L, Double.NaN, 1.5, 2.0, 1.0, 3.0);
        List<Object> sent = List.of(evaluation, Samples.impairment(), Samples.deadLetter(), Samples.healthEvent(), 829L);

        // When each is written and read back, then delivered
        Recorder sink = new Recorder();
        for (Object o : sent) {
            JobRecord r = o instanceof PeriodEvaluation ? JobRecord.of((PeriodEvaluation) o)
                    : o instanceof Impairment ? JobRecord.of((Impairment) o)
                    : o instanceof DeadLetter ? JobRecord.of((DeadLetter) o)
                    : o instanceof HealthEvent ? JobRecord.of((HealthEvent) o)
                    : JobRecord.datapoints((Long) o);
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(r, out);
            JobRecord back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back.isEvaluation()).isEqualTo(o instanceof PeriodEvaluation);
            back.deliverTo(sink);
        }

        // Then the sink got each as it was, through the method of its kind
        assertThat(sink.received).containsExactlyElementsOf(sent);
    }

    @Test
    void anUnknownKindIsRefused() {
        TypeSerializer<JobRecord> serializer = JobRecord.TYPE_INFO.createSerializer(new SerializerConfigImpl());
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(new byte[] {9, 0, 0, 0, 0, 0, 0, 0, 0})))
                .hasMessageContaining("unknown replay output kind 9");
    }
}
