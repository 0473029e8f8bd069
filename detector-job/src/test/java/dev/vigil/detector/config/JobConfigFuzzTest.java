package dev.vigil.detector.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.fuzz.QuickFuzz;
import org.junit.jupiter.api.Test;
import dev.vigil.common.config.ConfigFile;
import dev.vigil.schemas.fuzz.Budget;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the detector job's config ({@link ConfigFile}, {@code ConfigKeys}, {@link JobConfig}, the
 * Actions group within it) with whole config files. Seeds: {@code JobConfigFuzzTestInputs/file/}
 * (every key set; the required keys only). Where files are read from (rules, plans, topology
 * snapshot) is the operator's choice, not the fuzzer's: those keys keep their defaults. On any file:
 * it loads or fails with an {@link IllegalArgumentException} whose message says what is wrong, never
 * another exception; and a number the job accepts is the number it runs with.
 */
class JobConfigFuzzTest {
    static {
        // Loading the classes, the default rules and plans once costs more than any one file may:
        // done before the first input is measured.
        JobConfig.of(ConfigFile.parse(seed("every-key"), "warm-up.json"));
    }

    private static byte[] seed(String name) {
        try (java.io.InputStream in = JobConfigFuzzTest.class.getResourceAsStream("JobConfigFuzzTestInputs/file/" + name)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The short run of every build: the seeds mutated for a couple of seconds ({@link QuickFuzz}). */
    @Test
    void quickFuzz() {
        QuickFuzz.run(getClass(), "file", this::file);
    }

    @FuzzTest
    void file(byte[] file) {
        Map<String, Properties> groups;
        JobConfig config;
        try {
            groups = Budget.within("ConfigFile.parse", Budget.bytesFor(file.length), () -> ConfigFile.parse(file, "fuzz.json"));
            remove(groups, "Detector", "rules.location");
            remove(groups, "Topology", "snapshot.path");
            remove(groups, "Actions", "plans.location");
            config = Budget.within("JobConfig.of", Budget.bytesFor(file.length), () -> JobConfig.of(groups));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        Properties d = groups.getOrDefault("Detector", new Properties());
        assertRunsWith(d, "parse.max.record.bytes", config.detector.parseLimits().maxRecordBytes());
        assertRunsWith(d, "parse.max.line.bytes", config.detector.parseLimits().maxLineBytes());
        assertRunsWith(d, "max.out.of.orderness.ms", config.detector.maxOutOfOrdernessMs());
        Properties t = groups.getOrDefault("Topology", new Properties());
        assertRunsWith(t, "cache.size", config.detector.topology().cacheSize());
        assertRunsWith(t, "capacity", config.detector.topology().capacity());
        Properties c = groups.getOrDefault("Correlation", new Properties());
        assertRunsWith(c, "fleet.min.impaired", config.detector.correlation().fleetMinImpaired());
        assertRunsWith(c, "zone.min.impaired", config.detector.correlation().zoneMinImpaired());
        if (config.actions != null) {
            Properties a = groups.getOrDefault("Actions", new Properties());
            assertRunsWith(a, "velocity.max.actions", config.actions.velocityMaxActions);
            assertRunsWith(a, "threads", config.actions.threads);
            assertRunsWith(a, "capacity", config.actions.capacity);
            assertRunsWith(a, "retry.max.attempts", config.actions.retryMaxAttempts);
        }
    }

    private static void remove(Map<String, Properties> groups, String group, String key) {
        Properties p = groups.get(group);
        if (p != null) {
            p.remove(key);
        }
    }

    private static void assertRunsWith(Properties group, String key, long value) {
        String set = group.getProperty(key);
        if (set != null && !set.trim().isEmpty()) {
            assertThat(value).as("%s set to %s", key, set).isEqualTo(Long.parseLong(set.trim()));
        }
    }
}
