package dev.vigil.tools.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detector.testing.Recording;
import dev.vigil.schemas.SchemaValidator;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/replay --input ... --actions} (and {@code --nab}, {@code --labelled}): the bundled demo incident, previewed with the demo's
 * own Actions settings, shows what the actions sink would do, with no AWS at all. It is also where
 * the demo's Auto Scaling group, whose rule recommends only NOTIFY, must not be scaled out.
 */
class ReplayActionsITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDemoIncidentPreviewsItsActionsWithoutScalingOutTheGroup(@TempDir Path dir) throws Exception {
        // Given the demo recording and a job config with the demo's Actions group (scope, topic)
        Recording demo = Recording.demo();
        Path in = dir.resolve("demo.ndjson");
        List<String> lines = new ArrayList<>(demo.metricLines());
        lines.addAll(demo.eventLines());
        Files.write(in, lines);
        Path config = dir.resolve("job.json");
        Files.writeString(config, "{\"Actions\": {\"scope.accounts\": \"111122223333\", \"scope.regions\": \"eu-west-1\","
                + " \"scope.resources\": \"i-*,web-asg\", \"notify.topic.arn\": \"arn:aws:sns:eu-west-1:111122223333:vigil-demo\"}}");
        Path out = dir.resolve("out");

        // When it is replayed with --actions (default plans)
        Map<String, String> kv = ReplayCliITCase.keyValues(ReplayCliITCase.run("--input", in.toString(), "--config",
                config.toString(), "--out", out.toString(), "--actions"));

        // Then actions.jsonl has one valid line per planned action, as counted on stdout
        List<JsonNode> planned = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("actions.jsonl"))) {
            JsonNode n = JSON.readTree(l);
            assertThat(SchemaValidator.problems("planned-action", n)).as(l).isEmpty();
            planned.add(n);
        }
        assertThat(planned).isNotEmpty();
        assertThat(kv.get("planned_actions")).isEqualTo(String.valueOf(planned.size()));
        // the failed instance would be replaced once; its later revisions say the ledger would answer
        List<JsonNode> replace = of(planned, "REPLACE_INSTANCE", "i-0a1b2c3d4e5f60718");
        assertThat(replace).extracting(n -> n.get("status").asText()).startsWith("DRY_RUN")
                .filteredOn("DRY_RUN"::equals).hasSize(1);
        // the group's rule recommends [NOTIFY]: it is not scaled out, and the reason says so
        List<JsonNode> scale = of(planned, "SCALE_OUT", "web-asg");
        assertThat(scale).isNotEmpty().allSatisfy(n -> {
            assertThat(n.get("status").asText()).isEqualTo("SKIPPED");
            assertThat(n.get("reason").asText()).startsWith("not recommended").contains("[NOTIFY]");
        });
        // the target group has no ECS tags: the restart would fail, naming what is missing
        assertThat(planned).filteredOn(n -> n.at("/action/type").asText().equals("RESTART_SERVICE"))
                .isNotEmpty().allSatisfy(n -> {
                    assertThat(n.get("status").asText()).isIn("FAILED", "SKIPPED");
                    if (n.get("status").asText().equals("FAILED")) {
                        assertThat(n.get("reason").asText()).contains("vigil:ecs-cluster");
                    }
                });

        // and the report shows them on the resources' timelines
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<details id=\"actions\">").contains("<svg class=\"actions\"");
    }

    @Test
    void labelledAndNabReplaysPreviewTheActionsOfTheirImpairments(@TempDir Path dir) throws Exception {
        // Given a labelled folder (spikes after probation) and a NAB folder (a level shift in its window)
        Path labelled = LabelledTestData.folder(dir);
        Path windows = NabTestData.twoSeries(dir, 3000);

        for (String[] mode : new String[][] {{"--labelled", labelled.toString()},
            {"--nab", dir.resolve("data").toString(), "--windows", windows.toString()}}) {
            Path out = dir.resolve("out" + mode[0]);
            List<String> args = new ArrayList<>(List.of(mode));
            args.addAll(List.of("--out", out.toString(), "--actions"));

            // When each is replayed with --actions (default plans, no Actions group)
            Map<String, String> kv = ReplayCliITCase.keyValues(ReplayCliITCase.run(args.toArray(new String[0])));

            // Then every opened impairment of the replay gets its planned actions, counted on stdout
            List<String> opened = new ArrayList<>();
            for (String l : Files.readAllLines(out.resolve("impairments.jsonl"))) {
                JsonNode i = JSON.readTree(l);
                if (i.get("state").asText().equals("OPEN")) {
                    opened.add(i.get("id").asText());
                }
            }
            assertThat(opened).as(mode[0]).isNotEmpty();
            List<JsonNode> planned = new ArrayList<>();
            for (String l : Files.readAllLines(out.resolve("actions.jsonl"))) {
                JsonNode n = JSON.readTree(l);
                assertThat(SchemaValidator.problems("planned-action", n)).as(l).isEmpty();
                planned.add(n);
            }
            assertThat(kv.get("planned_actions")).as(mode[0]).isEqualTo(String.valueOf(planned.size()));
            assertThat(Long.parseLong(kv.get("actions_dry_run")) + Long.parseLong(kv.get("actions_skipped"))
                    + Long.parseLong(kv.get("actions_failed"))).isEqualTo(planned.size());
            assertThat(planned.stream().map(n -> n.get("impairmentId").asText()).collect(Collectors.toSet()))
                    .as(mode[0]).containsAll(opened);
            // the replay rule recommends only NOTIFY: nothing else is planned
            assertThat(planned).extracting(n -> n.at("/action/type").asText()).containsOnly("NOTIFY");
            // and the scores are still printed, and the report shows the actions under the series' plots
            assertThat(kv).containsKey(mode[0].equals("--nab") ? "nab_standard" : "event_f1");
            String html = Files.readString(out.resolve("report.html"));
            assertThat(html).contains("<details id=\"actions\">").contains("<svg class=\"actions\"");
            // each where its impairment opened (the replay moves series in time; the plots keep the recording's)
            assertActionsAtOnsets(html, planned.size());
        }
    }

    /** Every action marker under a plot stands (within a pixel or two) on an onset line of that plot. */
    private static void assertActionsAtOnsets(String html, int planned) {
        Pattern onset = Pattern.compile("<line class=\"onset\" x1=\"([0-9.]+)\"");
        Pattern action = Pattern.compile("<path class=\"act-[a-z]+\" d=\"M[0-9.]+,20L([0-9.]+),");
        int markers = 0;
        for (String series : html.split("<h3 id=\"")) {
            List<Double> onsets = new ArrayList<>();
            for (Matcher m = onset.matcher(series); m.find(); ) {
                onsets.add(Double.parseDouble(m.group(1)));
            }
            for (Matcher m = action.matcher(series); m.find(); markers++) {
                double x = Double.parseDouble(m.group(1));
                assertThat(onsets).as("an onset under the action at x=" + x).anyMatch(o -> Math.abs(o - x) <= 2);
            }
        }
        assertThat(markers).isEqualTo(planned);
    }

    private static List<JsonNode> of(List<JsonNode> planned, String type, String target) {
        return planned.stream().filter(n -> n.at("/action/type").asText().equals(type)
                && n.at("/action/resourceId").asText().equals(target)).collect(Collectors.toList());
    }
}
