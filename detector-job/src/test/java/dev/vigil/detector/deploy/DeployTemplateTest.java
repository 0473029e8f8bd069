package dev.vigil.detector.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.detector.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/vigil.yaml: its generated parts, its actions policy's conditions, and the dry run over it. */
class DeployTemplateTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path TEMPLATE = root().resolve("deploy/vigil.yaml");

    private static Path root() {
        Path here = Paths.get("").toAbsolutePath();
        return Files.exists(here.resolve("deploy/vigil.yaml")) ? here : here.getParent();
    }

    private static String template() throws Exception {
        return new String(Files.readAllBytes(TEMPLATE), StandardCharsets.UTF_8);
    }

    @Test
    void theCommittedFiltersAreTheOnesTheDefaultRulesGenerate() throws Exception {
        String t = template();
        assertThat(MetricStreamFilters.of(RuleSet.DEFAULT_LOCATION).rewrite(t)).isEqualTo(t);
    }

    @Test
    void filtersNameEveryWatchedMetricAndTheExtraStatisticsRulesUse() throws Exception {
        // Given rules on p99 latency and a ratio, plus a peer rule
        String rules = "rules:\n"
                + "  - {id: p99, namespace: AWS/ApplicationELB, metricName: TargetResponseTime, dimensions: [LoadBalancer, TargetGroup],"
                + " statistic: p99, periodSeconds: 60, detector: threshold, treatMissingData: missing, comparison: GreaterThanThreshold, threshold: 1, datapointsToAlarm: 1,"
                + " evaluationPeriods: 1, impairmentType: SERVICE_DEGRADATION, severity: LOW, resourceDimension: TargetGroup,"
                + " resourceType: TARGET_GROUP, recommendedActions: [NOTIFY]}\n";
        RuleSet set = RuleSet.parse(new ByteArrayInputStream(rules.getBytes(StandardCharsets.UTF_8)), "t.yaml");
        MetricStreamFilters f = new MetricStreamFilters(set, RuleSet.of(List.of()));
        // Then the metric is included and p99 is streamed for it, quoted as YAML needs for TM(...) and the like
        assertThat(f.metrics).containsOnlyKeys("AWS/ApplicationELB");
        assertThat(f.yaml("")).contains("MetricNames:\n      - TargetResponseTime")
                .contains("MetricName: TargetResponseTime\n    AdditionalStatistics:\n      - \"p99\"");
        // And the default rules stream no extra statistic (their anomaly rule uses Average)
        assertThat(MetricStreamFilters.of(RuleSet.DEFAULT_LOCATION).extended).isEmpty();
        assertThat(MetricStreamFilters.of(RuleSet.DEFAULT_LOCATION).metrics.get("AWS/ApplicationELB"))
                .contains("HTTPCode_Target_5XX_Count", "RequestCount");
    }

    @Test
    void stateChangingActionsAreLimitedToTaggedResourcesWhereTheServiceAllows() throws Exception {
        JsonNode statements = YAML.readTree(TEMPLATE.toFile()).at("/Resources/ActionsPolicy/Properties/PolicyDocument/Statement");
        // Route 53 and SSM documents take no tag condition; the stack's own table and topic are named.
        Set<String> unconditioned = Set.of("Ledger", "DnsFailover", "RestartOnInstances", "NotifyStackTopic");
        List<String> checked = new ArrayList<>();
        for (JsonNode s : statements) {
            String sid = s.path("Sid").asText();
            boolean reads = true;
            for (JsonNode a : s.path("Action")) {
                String op = a.asText().substring(a.asText().indexOf(':') + 1);
                reads &= op.startsWith("Describe") || op.startsWith("List") || op.startsWith("Get");
            }
            if (reads || unconditioned.contains(sid)) {
                continue;
            }
            checked.add(sid);
            JsonNode condition = s.path("Condition").path("StringEquals");
            assertThat(condition.path("aws:ResourceTag/vigil:managed").asText(
                    condition.path("autoscaling:ResourceTag/vigil:managed").asText()))
                    .as("statement %s", sid).isEqualTo("true");
            assertThat(s.path("Resource").toString()).as("statement %s", sid).isNotEqualTo("\"*\"").doesNotContain("\"Ref\"");
        }
        assertThat(checked).contains("DeregisterFromTaggedTargetGroups", "ShiftTaggedLoadBalancers", "NotifyTaggedTopics",
                "RebootTaggedInstances");
    }

    @Test
    void theDryRunFollowsTheActionsModeAndPricesEveryPart() throws Exception {
        JsonNode t = YAML.readTree(TEMPLATE.toFile());
        DryRun separate = new DryRun(t, Map.of());
        DryRun inDetector = new DryRun(t, Map.of("ActionsMode", "in-detector"));
        assertThat(separate.resources()).containsKeys("DetectorApplication", "ActionsApplication", "ActionsRole");
        assertThat(inDetector.resources()).containsKey("DetectorApplication").doesNotContainKeys("ActionsApplication", "ActionsRole");

        Map<String, Double> cost = CostEstimate.monthly(separate.shape(100_000, MetricStreamFilters.of(RuleSet.DEFAULT_LOCATION)));
        // 100,000 series, one update a minute: 4.38 billion updates at $0.003 per 1,000
        assertThat(cost.get("CloudWatch metric stream")).isCloseTo(13_140.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(cost.get("MSF detector")).isCloseTo((2 + 1) * 730 * 0.11 + 2 * 50 * 0.10, org.assertj.core.data.Offset.offset(0.01));
        assertThat(cost).containsKeys("Firehose", "Lambda relay", "Kinesis Data Streams", "MSF actions");
        assertThat(CostEstimate.total(cost)).isGreaterThan(cost.get("CloudWatch metric stream"));
        assertThat(CostEstimate.monthly(inDetector.shape(100_000, MetricStreamFilters.of(RuleSet.DEFAULT_LOCATION))))
                .doesNotContainKey("MSF actions");
    }

    @Test
    void theApplicationsGetTheRequiredPropertyGroups() throws Exception {
        JsonNode t = YAML.readTree(TEMPLATE.toFile());
        Map<String, List<String>> required = Map.of(
                "DetectorApplication", List.of("Input/metrics.stream.arn", "Input/events.stream.arn", "Input/metrics.format",
                        "Output/impairments.stream.arn", "Output/deadletters.stream.arn", "Aws/region"),
                "ActionsApplication", List.of("Input/impairments.stream.arn", "Output/outcomes.stream.arn",
                        "Output/deadletters.stream.arn", "Aws/region", "Actions/ledger.table"));
        for (Map.Entry<String, List<String>> app : required.entrySet()) {
            JsonNode props = t.at("/Resources/" + app.getKey() + "/Properties");
            assertThat(props.path("RuntimeEnvironment").asText()).isEqualTo("FLINK-1_20");
            for (String key : app.getValue()) {
                String group = key.substring(0, key.indexOf('/'));
                boolean found = false;
                for (JsonNode g : props.at("/ApplicationConfiguration/EnvironmentProperties/PropertyGroups")) {
                    found |= g.path("PropertyGroupId").asText().equals(group)
                            && g.path("PropertyMap").has(key.substring(key.indexOf('/') + 1));
                }
                assertThat(found).as("%s has %s", app.getKey(), key).isTrue();
            }
        }
    }
}
