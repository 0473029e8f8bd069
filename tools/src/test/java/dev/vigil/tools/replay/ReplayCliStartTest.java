package dev.vigil.tools.replay;

import dev.vigil.detector.DetectorJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a newcomer sees when the replay tool or the job cannot start because of its inputs: the
 * cause, once, in words, and no stack trace. Nothing here reaches a MiniCluster.
 */
class ReplayCliStartTest {

    /** Exit code and stderr of one run. */
    private static String[] replay(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = ReplayCli.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), args);
            return new String[] {String.valueOf(code), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(before);
        }
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aNameValueConfigHoldingAJobKeySaysSoInsteadOfANumberFormatException(@TempDir Path dir) throws Exception {
        // Given the job's key written as a properties line, where the job config (JSON) is expected
        Path config = dir.resolve("replay.properties");
        Files.writeString(config, "Detector.rules.location=" + dir.resolve("rules.yaml") + "\n");

        // When the replay is started with it
        String[] run = replay("--input", dir.toString(), "--out", dir.resolve("out").toString(), "--config", config.toString());

        // Then it says what the file is and what --config takes, in one line, without a trace
        assertThat(run[0]).isEqualTo("2");
        assertThat(run[1]).contains("Detector.rules.location").contains("name=value").contains("JSON")
                .contains("{\"Detector\": {\"rules.location\"")
                .doesNotContain("NumberFormatException").doesNotContain("\tat ");
    }

    @Test
    void aNonNumericAnomalyParameterNamesTheParameter(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("anomaly.properties");
        Files.writeString(config, "threshold=high\n");

        String[] run = replay("--input", dir.toString(), "--out", dir.resolve("out").toString(), "--config", config.toString());

        assertThat(run[0]).isEqualTo("2");
        assertThat(run[1]).contains("threshold").contains("expected a number").contains("'high'")
                .doesNotContain("NumberFormatException").doesNotContain("\tat ");
    }

    @Test
    void aBadRulesFileIsReportedOnceWithoutAStackTrace(@TempDir Path dir) throws Exception {
        // Given a job config whose rules file has a typo
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "rules:\n  - id: r1\n    treatMissingdata: missing\n");
        Path config = dir.resolve("job.json");
        Files.writeString(config, "{\"Detector\": {\"rules.location\": \"" + rules + "\"}}");

        // When the replay is started with it
        String[] run = replay("--input", dir.toString(), "--out", dir.resolve("out").toString(), "--config", config.toString());

        // Then the cause is printed once, naming the file, rule and key, and nothing else
        assertThat(run[0]).isEqualTo("2");
        assertThat(run[1]).startsWith("replay: ").contains("Detector.rules.location").contains(rules.toString())
                .contains("rule 'r1'").contains("did you mean 'treatMissingData'");
        assertThat(count(run[1], "treatMissingdata")).as("the cause said once").isEqualTo(1);
        assertThat(run[1].trim().lines().count()).isEqualTo(1);
        assertThat(run[1]).doesNotContain("\tat ").doesNotContain("Caused by");
    }

    @Test
    void aMissingTopologySnapshotFailsBeforeTheJobRunsInOneLine(@TempDir Path dir) throws Exception {
        // Given a recording and a topology snapshot path that does not exist
        Files.writeString(dir.resolve("in.ndjson"), "{}\n");
        Path missing = dir.resolve("topology.json");

        // When the replay is started with it
        String[] run = replay("--input", dir.resolve("in.ndjson").toString(), "--topology", missing.toString(),
                "--out", dir.resolve("out").toString());

        // Then it says so once, before any operator tries to read it (once per subtask, each with its trace)
        assertThat(run[0]).isEqualTo("2");
        assertThat(run[1]).contains("no such file: " + missing);
        assertThat(count(run[1], missing.toString())).isLessThanOrEqualTo(2);
        assertThat(run[1]).doesNotContain("\tat ").doesNotContain("Caused by");
    }

    @Test
    void theJobReportsABadConfigOnceWithoutAStackTrace(@TempDir Path dir) throws Exception {
        // Given a job config with a bad value
        Path config = dir.resolve("job.json");
        Files.writeString(config, "{\"Input\": {\"metrics.stream.arn\": \"arn:aws:kinesis:eu-west-1:111122223333:stream/m\","
                + " \"events.stream.arn\": \"arn:aws:kinesis:eu-west-1:111122223333:stream/e\"},"
                + " \"Output\": {\"impairments.stream.arn\": \"arn:aws:kinesis:eu-west-1:111122223333:stream/i\","
                + " \"deadletters.stream.arn\": \"arn:aws:kinesis:eu-west-1:111122223333:stream/d\"},"
                + " \"Aws\": {\"region\": \"eu-west-1\"}, \"Detector\": {\"state.retention.ms\": \"0\"}}");

        // When the job's main runs
        Throwable thrown = catchThrowable(() -> DetectorJob.main(new String[] {"--config", config.toString()}));

        // Then what the JVM (or Flink's client) prints is the one message, with no trace
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        thrown.printStackTrace(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Detector.state.retention.ms").contains("'0'");
        assertThat(count(text, "Detector.state.retention.ms")).isEqualTo(1);
        assertThat(text).doesNotContain("\tat ").doesNotContain("Caused by");
    }
}
