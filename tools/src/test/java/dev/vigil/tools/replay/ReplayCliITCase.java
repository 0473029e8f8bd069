package dev.vigil.tools.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.FleetScenario;
import dev.vigil.detector.testing.Recording;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** scripts/replay's CLI end to end on generated data: every output file, in both input modes. */
class ReplayCliITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, String> keyValues(String stdout) {
        return stdout.lines().filter(l -> l.matches("[a-z_A-Z0-9]+=.*"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    static String run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = ReplayCli.run(new PrintStream(buf, true, StandardCharsets.UTF_8), args);
        assertThat(code).as("exit code").isZero();
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nabModeWritesCsvsImpairmentsSummaryReportAndPlots(@TempDir Path dir) throws Exception {
        // Given a generated NAB-layout folder: one series with a labelled level shift, one quiet
        Path windows = NabTestData.twoSeries(dir, 2000);
        Path out = dir.resolve("out");

        // When it is replayed through the CLI
        Map<String, String> kv = keyValues(run("--nab", dir.resolve("data").toString(), "--windows", windows.toString(),
                "--out", out.toString()));

        // Then the per-file CSVs keep every row, with the onset column
        List<String> shifted = Files.readAllLines(out.resolve("synthetic/shift.csv"));
        assertThat(shifted.get(0)).isEqualTo("timestamp,value,anomaly_score,onset");
        assertThat(shifted).hasSize(2001);
        assertThat(Files.readAllLines(out.resolve("quiet/flat.csv"))).hasSize(2001);
        long onsetsInCsv = shifted.stream().filter(l -> l.endsWith(",1")).count();
        // and the impairments, one OPEN per onset of the shifted series
        List<Impairment> impairments = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("impairments.jsonl"))) {
            impairments.add(Json.fromString(l, Impairment.class));
        }
        assertThat(impairments.stream().filter(i -> i.getState() == LifecycleState.OPEN
                && i.getResourceId().equals("synthetic/shift.csv")).count()).isEqualTo(onsetsInCsv).isPositive();

        // and a summary whose scores are the ones printed, per profile, in total and per file
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("labelled").asBoolean()).isTrue();
        for (String profile : List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")) {
            assertThat(summary.at("/total/nab/" + profile).asDouble())
                    .isEqualTo(Double.parseDouble(kv.get("nab_" + profile)));
        }
        assertThat(summary.at("/total/windows").asInt()).isEqualTo(1);
        assertThat(summary.at("/total/windowsDetected").asInt()).isEqualTo(1);
        assertThat(summary.at("/total/windowsMissed").asInt()).isZero();
        assertThat(kv.get("windows_detected")).isEqualTo("1/1");
        // the window starts 20 rows (100 minutes) before the shift, which is found within a few rows
        assertThat(summary.at("/total/meanTimeToDetectRows").asDouble()).isBetween(20.0, 30.0);
        assertThat(summary.at("/total/meanTimeToDetectMinutes").asDouble())
                .isEqualTo(summary.at("/total/meanTimeToDetectRows").asDouble() * 5);
        assertThat(summary.get("files")).hasSize(2);
        JsonNode quiet = summary.get("files").get(0);
        assertThat(quiet.get("file").asText()).isEqualTo("quiet/flat.csv");
        assertThat(quiet.at("/nab/standard").isNull()).as("no windows, no normalised score").isTrue();
        assertThat(summary.get("files").get(1).at("/nab/standard").asDouble()).isGreaterThan(50);

        // and the report with a plot per series, and the PNG exports
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html.contains("<table id=\"nab\">")).isTrue();
        assertThat(html.contains("src=") || html.contains("href=\"http")).as("loads nothing from elsewhere").isFalse();
        assertThat(html.split("<svg class=\"plot\"", -1)).hasSize(3);
        for (String part : List.of("class=\"window\"", "class=\"onset\"", "class=\"band\"", "class=\"score\"")) {
            assertThat(html.contains(part)).as(part).isTrue();
        }
        for (String png : List.of("quiet_flat.png", "synthetic_shift.png")) {
            BufferedImage img = ImageIO.read(out.resolve("plots").resolve(png).toFile());
            assertThat(img.getWidth()).isEqualTo(1200);
        }
    }

    @Test
    void labelledModeScoresEventF1AndShowsTheSegments(@TempDir Path dir) throws Exception {
        // Given labelled one- and five-minute series (epoch seconds, a gap, a duplicated timestamp)
        Path data = LabelledTestData.folder(dir);
        Path out = dir.resolve("out");

        // When replayed through the CLI
        Map<String, String> kv = keyValues(run("--labelled", data.toString(), "--out", out.toString()));

        // Then the scores are printed, and are the summary's
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("mode").asText()).isEqualTo("labelled");
        assertThat(summary.get("labelled").asBoolean()).isTrue();
        for (String[] k : new String[][] {{"event_f1", "eventF1"}, {"event_precision", "precision"},
                {"event_recall", "recall"}}) {
            assertThat(Double.parseDouble(kv.get(k[0]))).as(k[0]).isEqualTo(summary.at("/events/" + k[1]).asDouble());
        }
        assertThat(kv).containsKeys("mean_delay_steps", "segments", "segments_detected", "false_detections",
                "model_state_bytes_max");
        assertThat(Integer.parseInt(kv.get("segments"))).isEqualTo(6);
        assertThat(Integer.parseInt(kv.get("model_state_bytes_max"))).isBetween(1, 1024);
        assertThat(summary.at("/events/files")).hasSize(3);
        // and each input has its output CSV at the same relative path, one row per input row
        assertThat(Files.readAllLines(out.resolve("slow/c.csv"))).hasSize(3001)
                .first().isEqualTo("timestamp,value,anomaly_score,onset");
        // and the report has the event table and the labelled segments shaded like NAB windows
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html.contains("<table id=\"events\">")).isTrue();
        assertThat(html.contains("class=\"window\"")).isTrue();
        assertThat(html.split("<svg class=\"plot\"", -1)).hasSize(4);
    }

    @Test
    void inputModeWithATopologySnapshotSeesAGreyZone(@TempDir Path dir) throws Exception {
        // Given a recording where three of the four instances in one zone fail, and the fleet's snapshot
        Path recording = dir.resolve("incident.ndjson");
        try (java.io.OutputStream o = Files.newOutputStream(recording)) {
            for (byte[] r : FleetScenario.statusChecks(12, java.util.Set.of(0, 1, 2), 5).records()) {
                o.write(r);
            }
        }
        Path snapshot = FleetScenario.snapshot(dir);
        Path out = dir.resolve("out");

        // When replayed with --topology
        run("--input", recording.toString(), "--topology", snapshot.toString(), "--out", out.toString());

        // Then the impairments carry where each instance sits, and the zone is singled out
        List<Impairment> impairments = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("impairments.jsonl"))) {
            impairments.add(Json.fromString(l, Impairment.class));
        }
        assertThat(impairments).anySatisfy(i -> {
            assertThat(i.getType()).isEqualTo(dev.vigil.schemas.ImpairmentType.ZONE);
            assertThat(i.getResourceId()).isEqualTo("us-east-1a");
        });
        assertThat(impairments).filteredOn(i -> i.getResourceType().equals("EC2_INSTANCE"))
                .allSatisfy(i -> assertThat(i.getTopology().getAutoScalingGroup()).isEqualTo(FleetScenario.GROUP));
    }

    @Test
    void inputModeSortsLinesByShapeAndKeepsMalformedOnesAsDeadLetters(@TempDir Path dir) throws Exception {
        // Given the bundled incident as an S3 export: metric lines gzip'd, events plain, plus two broken lines
        Recording demo = Recording.demo();
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("2024/05"));
        Files.write(in.resolve("2024/05/metrics-1.ndjson.gz"),
                Recording.gzip(String.join("\n", demo.metricLines()).getBytes(StandardCharsets.UTF_8)));
        List<String> events = new ArrayList<>(demo.eventLines());
        events.add("{not json");
        events.add("[1, 2, 3]");
        Files.write(in.resolve("2024/05/events-1.ndjson"), events);
        Path out = dir.resolve("out");

        // When it is replayed
        Map<String, String> kv = keyValues(run("--input", in.toString(), "--out", out.toString()));

        // Then every line is counted, the broken ones are dead letters with their bytes
        long lines = demo.metricLines().stream().filter(l -> !l.isBlank()).count()
                + demo.eventLines().stream().filter(l -> !l.isBlank()).count() + 2;
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/counts/lines").asLong()).isEqualTo(lines);
        assertThat(kv.get("lines")).isEqualTo(String.valueOf(lines));
        assertThat(summary.at("/counts/metricLines").asLong() + summary.at("/counts/eventLines").asLong()).isEqualTo(lines);
        List<DeadLetter> dead = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("dead-letters.jsonl"))) {
            dead.add(Json.fromString(l, DeadLetter.class));
        }
        assertThat(summary.at("/counts/deadLetters").asInt()).isEqualTo(dead.size());
        assertThat(dead.stream().map(d -> new String(d.getOriginal(), StandardCharsets.UTF_8)))
                .contains("{not json", "[1, 2, 3]");
        assertCountsAddUp(summary);
        assertThat(summary.at("/deadLettersByReason/malformed_json").asInt()).isGreaterThanOrEqualTo(2);

        // and the failed instance is found, as in the demo, and plotted with its onset
        List<Impairment> impairments = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("impairments.jsonl"))) {
            impairments.add(Json.fromString(l, Impairment.class));
        }
        assertThat(impairments).anyMatch(i -> i.getState() == LifecycleState.OPEN
                && i.getResourceId().equals("i-0a1b2c3d4e5f60718"));
        assertThat(summary.get("labelled").asBoolean()).isFalse();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html.contains("i-0a1b2c3d4e5f60718 (ec2-status-check-system)")).isTrue();
        assertThat(html).contains("class=\"mark mark-opened onset\"", "class=\"mark mark-resolved\"", "class=\"mark mark-event\"",
                "class=\"mark mark-dead-letter\"", "<svg class=\"timeline\"");
    }

    @Test
    void inputModeSkipsWhatItDoesNotReadAndKeepsBrokenLinesByteForByte(@TempDir Path dir) throws Exception {
        // Given the bundled incident's events next to a stray script and notes, and a file of hostile lines
        Recording demo = Recording.demo();
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Files.write(in.resolve("events.ndjson"), demo.eventLines());
        Files.writeString(in.resolve("convert.py"), "import json\nprint(json.dumps({}))\n");
        Files.writeString(in.resolve("NOTES.md"), "# what happened\n");
        byte[] invalidUtf8 = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        byte[] nuls = {0, 0, 0, 0, 0, 0};
        java.io.ByteArrayOutputStream hostile = new java.io.ByteArrayOutputStream();
        hostile.write(invalidUtf8);
        hostile.write("\r\n".getBytes(StandardCharsets.UTF_8));
        hostile.write(nuls);
        hostile.write('\n');
        Files.write(in.resolve("hostile.jsonl"), hostile.toByteArray());
        Path out = dir.resolve("out");

        // When it is replayed
        Map<String, String> kv = keyValues(run("--input", in.toString(), "--out", out.toString()));

        // Then the script and the notes are listed as skipped, not dead-lettered
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("skippedFiles")).extracting(JsonNode::asText).containsExactly("NOTES.md", "convert.py");
        assertThat(summary.at("/counts/skippedFiles").asInt()).isEqualTo(2);
        assertThat(kv.get("skipped_files")).isEqualTo("2");
        long eventLines = demo.eventLines().stream().filter(l -> !l.isBlank()).count();
        assertThat(summary.at("/counts/lines").asLong()).isEqualTo(eventLines + 2);
        // and the hostile lines are dead letters holding exactly their bytes
        List<byte[]> originals = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("dead-letters.jsonl"))) {
            originals.add(Json.fromString(l, DeadLetter.class).getOriginal());
        }
        assertThat(originals).containsExactlyInAnyOrder(invalidUtf8, nuls);
    }

    /** Each input unit ended as exactly one thing: records = datapoints + events + deadLetters + blank. */
    static void assertCountsAddUp(JsonNode summary) {
        JsonNode c = summary.path("counts");
        assertThat(c.path("records").asLong()).as("records in %s", c)
                .isEqualTo(c.path("datapoints").asLong() + c.path("events").asLong() + c.path("deadLetters").asLong()
                        + c.path("blank").asLong());
        assertThat(c.path("records").asLong()).isPositive();
    }
}
