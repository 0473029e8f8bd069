package dev.vigil.schemas;

import dev.vigil.schemas.flink.RecoveryActionTypeInfoFactory;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RecoveryAction} bytes written by earlier releases still read: layout 1 by release 0.1's
 * codec (commit 545e0e3, enums by ordinal), layout 2 by the codec before action ids changed
 * (commit eec06dd, enums by name). Both files were written by those commits' own code.
 */
class RecoveryActionLayoutsTest {
    private static final RecoveryActionTypeInfoFactory.Codec CODEC = new RecoveryActionTypeInfoFactory.Codec();

    /** What the generator wrote, in both layouts. */
    private static RecoveryAction written() {
        return new RecoveryAction("imp-0123456789abcdef/capacity/0", "imp-0123456789abcdef", 0, ActionType.SCALE_OUT,
                "web-asg", "AUTO_SCALING_GROUP", "111122223333", "us-east-1",
                Map.of("scaleBy", "2", "topicArn", "arn:aws:sns:us-east-1:111122223333:vigil"), false,
                "plan capacity: OPEN RESOURCE_EXHAUSTION MEDIUM on i-1");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anEarlierLayoutReadsAsAnActionWithNothingNew(int layout) throws Exception {
        // Given the bytes an earlier release wrote
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/layouts/recovery-action-layout" + layout + ".bin")) {
            bytes = in.readAllBytes();
        }

        // When the current codec reads them as that layout
        DataInputDeserializer input = new DataInputDeserializer(bytes);
        RecoveryAction read = CODEC.read(input, layout);

        // Then every field is there, nothing is left over, and the new fields are empty
        assertThat(read).isEqualTo(written());
        assertThat(input.available()).isZero();
        assertThat(read.getBeyondRecommendation()).isNull();
        assertThat(read.getUnboundParameters()).isEmpty();
        assertThat(read.getLegacyActionId()).isNull();
    }

    @Test
    void theCurrentLayoutKeepsTheNewFields() throws Exception {
        RecoveryAction a = Samples.recoveryActionBeyondRecommendation();
        DataOutputSerializer out = new DataOutputSerializer(256);
        CODEC.write(a, out);

        RecoveryAction read = CODEC.read(new DataInputDeserializer(out.getCopyOfBuffer()), CODEC.layoutVersion());

        assertThat(read).isEqualTo(a);
        assertThat(read.getUnboundParameters()).containsEntry("ecsCluster", "${tag:vigil:ecs-cluster}");
    }
}
