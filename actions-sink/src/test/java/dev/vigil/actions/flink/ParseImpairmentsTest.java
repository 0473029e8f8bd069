package dev.vigil.actions.flink;

import dev.vigil.actions.Fixtures;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.Severity;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ParseImpairmentsTest {
    @Test
    void badRecordsBecomeDeadLettersWithTheirBytesAndGoodOnesPassThrough() throws Exception {
        Impairment good = Fixtures.instance("imp-1", "i-1", Severity.CRITICAL).build();
        byte[] truncated = "{\"id\": \"imp-2\", \"revis".getBytes(StandardCharsets.UTF_8);
        byte[] noId = "{\"revision\": 0}".getBytes(StandardCharsets.UTF_8);

        try (OneInputStreamOperatorTestHarness<byte[], Impairment> h = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new ParseImpairments("impairments")))) {
            h.open();
            h.processElement(new StreamRecord<>(Json.toBytes(good)));
            h.processElement(new StreamRecord<>(truncated));
            h.processElement(new StreamRecord<>(noId));

            assertThat(h.extractOutputValues()).containsExactly(good);
            List<DeadLetter> dead = h.getSideOutput(ParseImpairments.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).collect(Collectors.toList());
            assertThat(dead).extracting(DeadLetter::getReason)
                    .containsExactly(DeadLetterReason.MALFORMED_JSON, DeadLetterReason.MISSING_FIELD);
            assertThat(dead.get(0).getOriginal()).isEqualTo(truncated);
            assertThat(dead).allSatisfy(d -> assertThat(d.getSourceStream()).isEqualTo("impairments"));
        }
    }
}
