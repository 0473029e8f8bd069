package dev.vigil.actions.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.common.config.ConfigFile;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import dev.vigil.schemas.fuzz.Budget;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the config file reader ({@link ConfigFile}, {@link ConfigKeys}) and the Actions group
 * ({@link ActionsConfig}) with whole files. Seeds: {@code ActionsConfigFuzzTestInputs/file/} (the
 * local actions config, every key set). The plans location is the operator's to choose, not the
 * fuzzer's: it is left at its default. On any file: it loads or fails with an
 * {@link IllegalArgumentException} whose message says what is wrong, never another exception; and a
 * number the config accepts is the number it runs with.
 */
class ActionsConfigFuzzTest {
    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "file", this::file);
    }

    @FuzzTest
    void file(byte[] file) {
        ActionsConfig config;
        Map<String, Properties> groups;
        try {
            groups = Budget.within("ConfigFile.parse", Budget.bytesFor(file.length), () -> ConfigFile.parse(file, "fuzz.json"));
            Properties actions = groups.get("Actions");
            if (actions != null) {
                actions.remove("plans.location");
            }
            config = Budget.within("ActionsConfig.of", Budget.bytesFor(file.length), () -> ActionsConfig.of(groups));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        Properties a = groups.getOrDefault("Actions", new Properties());
        assertRunsWith(a, "velocity.max.actions", config.velocityMaxActions);
        assertRunsWith(a, "retry.max.attempts", config.retryMaxAttempts);
        assertRunsWith(a, "threads", config.threads);
        assertRunsWith(a, "capacity", config.capacity);
        assertRunsWith(a, "velocity.window.ms", config.velocityWindowMs);
        assertThat(config.scope()).isNotNull();
    }

    static void assertRunsWith(Properties group, String key, long value) {
        String set = group.getProperty(key);
        if (set != null && !set.trim().isEmpty()) {
            assertThat(value).as("%s set to %s", key, set).isEqualTo(Long.parseLong(set.trim()));
        }
    }
}
