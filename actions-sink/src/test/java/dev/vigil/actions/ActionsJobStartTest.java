package dev.vigil.actions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** How the standalone actions job reports a start it cannot make: the cause once, no stack trace. */
class ActionsJobStartTest {

    @Test
    void aBadPlansFileIsReportedOnceWithoutAStackTrace(@TempDir Path dir) throws Exception {
        // Given a config whose plans file has a typo
        Path plans = dir.resolve("plans.yaml");
        Files.writeString(plans, "plans: [{id: web, steps: [{action: REPLACE_INSTANCE, rolback: [{action: NOTIFY}]}]}]\n");
        Path config = dir.resolve("job.json");
        Files.writeString(config, "{\"Input\": {\"impairments.stream.arn\": \"arn:aws:kinesis:eu-west-1:111122223333:stream/i\"},"
                + " \"Output\": {\"outcomes.stream.arn\": \"arn:aws:kinesis:eu-west-1:111122223333:stream/o\","
                + " \"deadletters.stream.arn\": \"arn:aws:kinesis:eu-west-1:111122223333:stream/d\"},"
                + " \"Aws\": {\"region\": \"eu-west-1\"}, \"Actions\": {\"plans.location\": \"" + plans + "\"}}");

        // When the job's main runs
        Throwable thrown = catchThrowable(() -> ActionsJob.main(new String[] {"--config", config.toString()}));

        // Then what the JVM (or Flink's client) prints is one message naming the key, with no trace
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        thrown.printStackTrace(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Actions.plans.location").contains("steps[0].rolback").contains("did you mean 'rollback'");
        assertThat(text.split("steps\\[0]\\.rolback", -1)).as("the cause said once").hasSize(2);
        assertThat(text).doesNotContain("\tat ").doesNotContain("Caused by");
    }
}
