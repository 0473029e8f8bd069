package dev.vigil.schemas;

import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterPartsTest {
    private static final long T0 = 1_795_305_600_000L;

    private static DeadLetter of(byte[] original, String message) {
        return new DeadLetter(DeadLetterReason.OVERSIZED, message, "metrics", T0, original);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aDeadLetterThatFitsStaysWholeAndItsJsonIsUnchanged() {
        DeadLetter d = of("not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), "line 1 is not JSON");
        assertThat(DeadLetterParts.fit(d, DeadLetterParts.MAX_RECORD_BYTES)).containsExactly(d);
        assertThat(Json.toString(d)).doesNotContain("part").doesNotContain("wholeSha256");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {800_000, 1_048_576, 3_000_001, 10 * 1024 * 1024})
    void anOriginalTooBigForOneRecordGoesInPartsThatEachFitAndJoinToItsExactBytes(int size) {
        // Given a dead letter of an input bigger than a Kinesis record can carry in base64
        byte[] original = random(size, size);
        DeadLetter d = of(original, "line 1 is " + size + " bytes, over the 262144 a line may have");
        assertThat(Json.toBytes(d).length).isGreaterThan(DeadLetterParts.MAX_RECORD_BYTES);

        // When it is fitted to the stream's records
        List<DeadLetter> parts = DeadLetterParts.fit(d, DeadLetterParts.MAX_RECORD_BYTES);

        // Then every part fits, is valid by the published schema, says what it is, and keeps the rest
        assertThat(parts).hasSizeGreaterThan(1);
        for (int k = 0; k < parts.size(); k++) {
            DeadLetter p = parts.get(k);
            assertThat(Json.toBytes(p).length).isLessThanOrEqualTo(DeadLetterParts.MAX_RECORD_BYTES);
            assertThat(SchemaValidator.problems("dead-letter", p)).isEmpty();
            assertThat(p.getPart()).isEqualTo(k + 1);
            assertThat(p.getParts()).isEqualTo(parts.size());
            assertThat(p.getWholeSha256()).isEqualTo(DeadLetterParts.sha256(original)).hasSize(64);
            assertThat(p.getReason()).isEqualTo(d.getReason());
            assertThat(p.getMessage()).isEqualTo(d.getMessage());
            assertThat(p.getIngestTime()).isEqualTo(T0);
            // (a part read back from its JSON is itself)
            assertThat(Json.fromBytes(Json.toBytes(p), DeadLetter.class)).isEqualTo(p);
        }
        // and in any order the parts give back the exact original
        List<DeadLetter> shuffled = new ArrayList<>(parts);
        Collections.shuffle(shuffled, new Random(7));
        assertThat(DeadLetterParts.join(shuffled)).isEqualTo(original);
        // and as few parts as fit: all but the last are full (but for the widest part numbers and a base64 quantum)
        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(p ->
                assertThat(Json.toBytes(p).length).isGreaterThan(DeadLetterParts.MAX_RECORD_BYTES - 32));
    }

    @Test
    void aSmallLimitAndALongMessageStillFitEveryPart() {
        byte[] original = random(50_000, 1);
        String message = "x".repeat(100_000);
        List<DeadLetter> parts = DeadLetterParts.fit(of(original, message), 20_000);
        assertThat(parts).allSatisfy(p -> assertThat(Json.toBytes(p).length).isLessThanOrEqualTo(20_000));
        assertThat(parts.get(0).getMessage()).hasSizeLessThan(5_000).endsWith("(100000 characters)");
        assertThat(DeadLetterParts.join(parts)).isEqualTo(original);
        // (a long message alone is cut, not split)
        List<DeadLetter> whole = DeadLetterParts.fit(of(new byte[10], message), 20_000);
        assertThat(whole).hasSize(1);
        assertThat(whole.get(0).isPart()).isFalse();
        assertThat(whole.get(0).getOriginal()).hasSize(10);
    }

    @Test
    void partsThatAreNotOneDeadLettersAreRefused() {
        List<DeadLetter> a = DeadLetterParts.fit(of(random(100_000, 2), "a"), 20_000);
        List<DeadLetter> b = DeadLetterParts.fit(of(random(100_000, 3), "b"), 20_000);
        List<DeadLetter> mixed = new ArrayList<>(a);
        mixed.set(1, b.get(1));
        assertThatThrownBy(() -> DeadLetterParts.join(mixed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeadLetterParts.join(a.subList(0, a.size() - 1))).isInstanceOf(IllegalArgumentException.class);
        List<DeadLetter> damaged = new ArrayList<>(a);
        DeadLetter p = a.get(0);
        byte[] bytes = p.getOriginal().clone();
        bytes[0] ^= 1;
        damaged.set(0, new DeadLetter(p.getReason(), p.getMessage(), p.getSourceStream(), p.getIngestTime(), bytes,
                p.getPart(), p.getParts(), p.getWholeSha256()));
        assertThatThrownBy(() -> DeadLetterParts.join(damaged)).hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> new DeadLetter(DeadLetterReason.OVERSIZED, null, null, T0, new byte[0], 3, 2, "ab"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPartTravelsThroughFlinkWithItsFields() throws Exception {
        TypeSerializer<DeadLetter> serializer = DeadLetterTypeInfoFactory.TYPE_INFO.createSerializer(
                new ExecutionConfig().getSerializerConfig());
        for (DeadLetter d : List.of(DeadLetterParts.fit(of(random(30_000, 4), "m"), 20_000).get(1), of(new byte[3], null))) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(d, out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertThat(serializer.deserialize(in)).isEqualTo(d);
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void theQuickCheckNeverSaysADeadLetterFitsWhenItsJsonDoesNot() {
        // Strings that JSON escapes (control characters), that take 3 bytes in UTF-8, and surrogate pairs
        String[] alphabet = {"a", "\u0001", "\"", "\\", "\u00e9", "\u20ac", "\ud83d\ude00", "\n"};
        Random random = new Random(11);
        int quick = 0;
        for (int n = 0; n < 2_000; n++) {
            StringBuilder message = new StringBuilder();
            for (int k = random.nextInt(400); k > 0; k--) {
                message.append(alphabet[random.nextInt(alphabet.length)]);
            }
            DeadLetter d = new DeadLetter(DeadLetterReason.MALFORMED_JSON, message.toString(),
                    random.nextBoolean() ? "metrics" : null, random.nextLong(), random(random.nextInt(3_000), n));
            int limit = 500 + random.nextInt(6_000);
            if (DeadLetterParts.surelyFits(d, limit)) {
                quick++;
                assertThat(Json.toBytes(d).length).as("a dead letter the quick check let through").isLessThanOrEqualTo(limit);
            }
        }
        assertThat(quick).as("the check answers for some").isGreaterThan(100);
    }
}
