package dev.vigil.detector.replay;

import dev.vigil.detector.config.JobConfig;
import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A two-point sweep on generated data: table, best config the job accepts, and it replays to the same score. */
class SweepITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void sweepsTheGridInParallelAndWritesTheBestAsAJobConfig(@TempDir Path dir) throws Exception {
        // Given generated NAB data, the job's config and a spec over the score threshold
        NabTestData.twoSeries(dir, 1500);
        Files.writeString(dir.resolve("job.json"), "{\"Input\": {\"metrics.stream.arn\": \"arn:aws:kinesis:eu-west-1:123456789012:stream/m\","
                + " \"events.stream.arn\": \"arn:aws:kinesis:eu-west-1:123456789012:stream/e\"},"
                + " \"Output\": {\"impairments.stream.arn\": \"arn:aws:kinesis:eu-west-1:123456789012:stream/i\","
                + " \"deadletters.stream.arn\": \"arn:aws:kinesis:eu-west-1:123456789012:stream/d\"},"
                + " \"Aws\": {\"region\": \"eu-west-1\"}, \"Detector\": {\"idleness.ms\": \"60000\"}}");
        Files.writeString(dir.resolve("spec.yaml"), "nab: data\nwindows: windows.json\nconfig: job.json\nout: sweep\n"
                + "parallel: 2\nparameters:\n  threshold: [0.99, 0.45]\n");

        // When the sweep runs
        String stdout = ReplayCliITCase.run("--sweep", dir.resolve("spec.yaml").toString());

        // Then the table has both points, best first
        List<String> rows = stdout.lines().filter(l -> l.matches("\\s+\\d+ .*threshold=.*")).collect(Collectors.toList());
        assertThat(rows).hasSize(2);
        double first = Double.parseDouble(rows.get(0).trim().split("\\s+")[1]);
        double second = Double.parseDouble(rows.get(1).trim().split("\\s+")[1]);
        assertThat(first).isGreaterThan(second);
        double bestThreshold = Double.parseDouble(rows.get(0).replaceAll(".*threshold=", "").trim());
        Map<String, String> kv = ReplayCliITCase.keyValues(stdout);
        assertThat(Double.parseDouble(kv.get("nab_standard_best"))).isEqualTo(first);

        // and the best config is one the job accepts unchanged, its anomaly rules carrying the value
        Path best = Path.of(kv.get("best_config"));
        JobConfig job = JobConfig.of(JobConfig.readJson(best));
        assertThat(job.aws.region).isEqualTo("eu-west-1");
        RuleSet rules = RuleSet.load(job.detector.rulesLocation());
        assertThat(rules.rules()).filteredOn(r -> r.detector() == DetectorType.ANOMALY).isNotEmpty()
                .allSatisfy((Rule r) -> assertThat(r.anomalyParameters()).containsEntry("threshold", bestThreshold));
        assertThat(rules.size()).isEqualTo(RuleSet.loadDefault().size());

        // and replaying with it gives the score the sweep measured
        Map<String, String> replay = ReplayCliITCase.keyValues(ReplayCliITCase.run("--nab", dir.resolve("data").toString(),
                "--windows", dir.resolve("windows.json").toString(), "--out", dir.resolve("out").toString(),
                "--config", best.toString()));
        assertThat(Double.parseDouble(replay.get("nab_standard"))).isEqualTo(first);
    }
}
