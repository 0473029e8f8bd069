package dev.vigil.detector.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import dev.vigil.schemas.fuzz.Budget;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the rules loader ({@link RulesFile}: {@link RuleSet}, {@link RuleParser}, {@link RuleReader},
 * the peer rules) with whole files, YAML or JSON as the last byte's lowest bit says (1: JSON). Seeds:
 * {@code RulesFileFuzzTestInputs/file/} (the default rules in both formats, the peer-rule test
 * file). On any file: the load succeeds or fails with a {@link RuleValidationException} that says
 * what is wrong, never another exception (no NullPointer, ClassCast or StackOverflow, no
 * allocation out of proportion); rules that load also serialise, as they must to travel to the
 * operators with the job.
 */
class RulesFileFuzzTest {
    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "file", this::file);
    }

    @FuzzTest
    void file(byte[] data) throws IOException {
        String name = data.length > 0 && (data[data.length - 1] & 1) != 0 ? "rules.json" : "rules.yaml";
        byte[] file = data.length == 0 ? data : java.util.Arrays.copyOf(data, data.length - 1);
        RulesFile rules;
        try {
            rules = Budget.within("RulesFile.parse", Budget.bytesFor(file.length), () -> {
                try {
                    return RulesFile.parse(new ByteArrayInputStream(file), name);
                } catch (IOException e) {
                    throw new AssertionError("an in-memory read failed", e);
                }
            });
        } catch (RuleValidationException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(rules.rules()).isNotNull();
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(rules);
        }
    }
}
