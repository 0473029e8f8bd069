package dev.vigil.tools.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.testing.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/replay} and {@code scripts/tune} run as a user runs them, from a directory of their own with relative
 * paths: they are the caller's, not the checkout's. The build is skipped (VIGIL_CLASSPATH, this
 * test's own classpath) so the test measures the script, not Maven.
 */
class ScriptPathsITCase {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void replayResolvesRelativePathsAgainstTheCallersDirectory(@TempDir Path work) throws Exception {
        // Given, in the caller's directory, a recording, a rules file and a job config pointing at it relatively
        Files.createDirectories(work.resolve("in"));
        Files.write(work.resolve("in/incident.ndjson"), Recording.demo().metricLines());
        try (InputStream rules = getClass().getResourceAsStream("/rules/default-rules.yaml")) {
            Files.copy(rules, work.resolve("my-rules.yaml"));
        }
        Files.writeString(work.resolve("job.json"), "{\"Detector\": {\"rules.location\": \"./my-rules.yaml\"}}");

        // When the script is run from there with relative paths
        ProcessBuilder pb = new ProcessBuilder("bash", REPO.resolve("scripts/replay").toString(),
                "--input", "./in", "--out", "./out", "--config", "./job.json")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("replay.log").toFile());
        pb.environment().put("VIGIL_CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished").isTrue();

        // Then it read the caller's files and wrote where the caller said
        String log = Files.readString(work.resolve("replay.log"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        JsonNode summary = new ObjectMapper().readTree(work.resolve("out/summary.json").toFile());
        assertThat(summary.at("/counts/lines").asLong())
                .isEqualTo(Recording.demo().metricLines().stream().filter(l -> !l.isBlank()).count());
        assertThat(summary.at("/counts/impairmentsOpened").asInt()).isPositive();
        assertThat(REPO.resolve("out")).doesNotExist();
    }

    @Test
    void tuneResolvesRelativePathsAgainstTheCallersDirectory(@TempDir Path work) throws Exception {
        // Given a labelled folder in the caller's directory
        LabelledTestData.folder(work);

        // When the tuning harness is run from there on it, relatively
        ProcessBuilder pb = new ProcessBuilder("bash", REPO.resolve("scripts/tune").toString(), "--labelled", "./labelled")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("tune.log").toFile());
        pb.environment().put("VIGIL_CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished").isTrue();

        // Then it scored the caller's series (the six labelled spikes)
        String log = Files.readString(work.resolve("tune.log"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("event_f1=").contains("segments=6/6");
    }
}
