package dev.vigil.detector.peer;

import dev.vigil.detector.rules.PeerDirection;
import dev.vigil.detector.rules.ResourceType;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RuleValidationException;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerRulesTest {
    private static final String MINIMAL = "peerOutliers:\n"
            + "  - id: p1\n"
            + "    namespace: App\n"
            + "    metricName: Latency\n"
            + "    statistic: Average\n"
            + "    memberDimension: InstanceId\n";

    private static RuleSet parse(String yaml) throws IOException {
        return RulesFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml").peers();
    }

    @Test
    void theDefaultRulesFileCarriesAConservativeCpuPeerRuleAndStillLoadsAsARuleSet() {
        // When both loaders read the bundled file
        RuleSet peers = RulesFile.load(RuleSet.DEFAULT_LOCATION).peers();
        RuleSet rules = RuleSet.loadDefault();

        // Then the peer rule compares EC2 CPU with the topology fleet and only notifies
        Rule cpu = peers.get("ec2-cpu-peer-outlier");
        assertThat(cpu).isNotNull();
        assertThat(cpu.namespace()).isEqualTo("AWS/EC2");
        assertThat(cpu.metricName()).isEqualTo("CPUUtilization");
        assertThat(cpu.peer().groupDimension()).isNull();
        assertThat(cpu.peer().minValue()).isEqualTo(50.0);
        assertThat(cpu.recommendedActions()).containsExactly(ActionType.NOTIFY);
        // And the threshold rules ignore the peerOutliers key
        assertThat(rules.get("ec2-cpu-high")).isNotNull();
    }

    @Test
    void theTestRulesFileParsesEveryField() {
        Rule r = RulesFile.load("classpath:rules/peer-test-rules.yaml").peers().get("app-latency-peer");

        assertThat(r.peer().memberDimension()).isEqualTo("InstanceId");
        assertThat(r.peer().groupDimension()).isEqualTo("AutoScalingGroupName");
        assertThat(r.peer().direction()).isEqualTo(PeerDirection.HIGH);
        assertThat(r.datapointsToAlarm()).isEqualTo(3);
        assertThat(r.evaluationPeriods()).isEqualTo(5);
        assertThat(RuleSet.load("classpath:rules/peer-test-rules.yaml").size()).isZero();
    }

    @Test
    void absentKeysTakeTheDocumentedDefaults() throws IOException {
        Rule r = parse(MINIMAL).get("p1");

        assertThat(r.peer().groupDimension()).isNull();
        assertThat(r.peer().direction()).isEqualTo(PeerDirection.HIGH);
        assertThat(r.peer().minPeers()).isEqualTo(3);
        assertThat(r.peer().ratio()).isEqualTo(2.0);
        assertThat(r.peer().madK()).isEqualTo(5.0);
        assertThat(r.peer().minValue()).isNaN();
        assertThat(r.datapointsToAlarm()).isEqualTo(3);
        assertThat(r.evaluationPeriods()).isEqualTo(5);
        assertThat(r.healthyThreshold()).isEqualTo(5);
        assertThat(r.impairmentType()).isEqualTo(ImpairmentType.SERVICE_DEGRADATION);
        assertThat(r.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(r.resourceType()).isEqualTo(ResourceType.EC2_INSTANCE);
        assertThat(r.recommendedActions()).containsExactly(ActionType.REPLACE_INSTANCE, ActionType.NOTIFY);
    }

    @Test
    void anUnknownKeyNamesTheNearestKnownOne() {
        // Given a misspelt key in a peer rule (it would otherwise leave the default minPeers in force)
        assertThatThrownBy(() -> parse(MINIMAL + "    minpeers: 5\n")).isInstanceOf(RuleValidationException.class)
                .hasMessageContaining("peer rule 'p1'").hasMessageContaining("'minpeers'")
                .hasMessageContaining("did you mean 'minPeers'");
    }

    @Test
    void aPeerRuleStatisticIsNormalisedOrRefusedAsForRules() throws IOException {
        assertThat(parse(MINIMAL.replace("statistic: Average", "statistic: P99")).get("p1").statistic()).isEqualTo("p99");
        assertThatThrownBy(() -> parse(MINIMAL.replace("statistic: Average", "statistic: avg")))
                .hasMessageContaining("peer rule 'p1'").hasMessageContaining("'avg'").hasMessageContaining("accepted:");
    }

    @Test
    void aFileWithoutPeerRulesHasNone() throws IOException {
        assertThat(parse("rules: []\n").isEmpty()).isTrue();
    }

    @Test
    void loadsJsonFromAFilePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.json");
        Files.write(file, ("{\"rules\":[],\"peerOutliers\":[{\"id\":\"j\",\"namespace\":\"AWS/ApplicationELB\","
                + "\"metricName\":\"TargetResponseTime\",\"statistic\":\"p99\",\"memberDimension\":\"TargetGroup\","
                + "\"groupDimension\":\"LoadBalancer\",\"direction\":\"BOTH\",\"resourceType\":\"TARGET_GROUP\"}]}")
                .getBytes(StandardCharsets.UTF_8));

        Rule r = RulesFile.load(file.toString()).peers().get("j");

        assertThat(r.statistic()).isEqualTo("p99");
        assertThat(r.peer().direction()).isEqualTo(PeerDirection.BOTH);
        assertThat(r.resourceType()).isEqualTo(ResourceType.TARGET_GROUP);
    }

    @Test
    void errorsNameTheFileTheRuleAndTheKey() {
        assertThatThrownBy(() -> parse(MINIMAL + "    minpeers: 4\n"))
                .isInstanceOf(RuleValidationException.class)
                .hasMessageContaining("test.yaml").hasMessageContaining("'p1'").hasMessageContaining("'minpeers'")
                .hasMessageContaining("unknown key");
        assertThatThrownBy(() -> parse(MINIMAL.replace("    memberDimension: InstanceId\n", "")))
                .hasMessageContaining("'p1'").hasMessageContaining("'memberDimension'").hasMessageContaining("required");
        assertThatThrownBy(() -> parse(MINIMAL + "    direction: UP\n"))
                .hasMessageContaining("'direction'").hasMessageContaining("HIGH, LOW, BOTH");
        assertThatThrownBy(() -> parse(MINIMAL + "    datapointsToAlarm: 6\n"))
                .hasMessageContaining("'datapointsToAlarm'").hasMessageContaining("1..evaluationPeriods (5)");
        assertThatThrownBy(() -> parse(MINIMAL + "    ratio: 0.5\n"))
                .hasMessageContaining("'ratio'").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> parse(MINIMAL + "    minPeers: 1\n"))
                .hasMessageContaining("'minPeers'").hasMessageContaining(">= 2");
        assertThatThrownBy(() -> parse(MINIMAL + "    madK: \"five\"\n"))
                .hasMessageContaining("'madK'").hasMessageContaining("a number");
        assertThatThrownBy(() -> parse(MINIMAL + "    groupDimension: InstanceId\n"))
                .hasMessageContaining("'groupDimension'");
        assertThatThrownBy(() -> parse(MINIMAL.replace("Average", "Mean")))
                .hasMessageContaining("'statistic'").hasMessageContaining("'Mean'");
        assertThatThrownBy(() -> parse(MINIMAL.replace("id: p1", "id: a/b")))
                .hasMessageContaining("'id'").hasMessageContaining("no '/'");
        assertThatThrownBy(() -> parse(MINIMAL + "    recommendedActions: [REBOOT]\n"))
                .hasMessageContaining("'recommendedActions'").hasMessageContaining("'REBOOT'");
    }

    @Test
    void oneBadRuleFailsTheWholeList() {
        String twoRules = MINIMAL + MINIMAL.substring("peerOutliers:\n".length()).replace("p1", "p2")
                + "    evaluationPeriods: 0\n";

        assertThatThrownBy(() -> parse(twoRules)).hasMessageContaining("'p2'").hasMessageContaining("'evaluationPeriods'");
    }

    @Test
    void duplicateIdsAndANonListAreRejected() {
        String twice = MINIMAL + MINIMAL.substring("peerOutliers:\n".length());

        assertThatThrownBy(() -> parse(twice)).hasMessageContaining("'p1'").hasMessageContaining("unique id");
        assertThatThrownBy(() -> parse("peerOutliers: {id: x}\n")).hasMessageContaining("'peerOutliers' to be a list");
    }

    @Test
    void aPeerRuleInTheRulesListIsTheSameRuleAsInPeerOutliers() throws IOException {
        // Given the test file's peer rule as the peerOutliers list has it, and the same keys in the
        // rules list with detector: peer
        String listed = new String(getClass().getResourceAsStream("/rules/peer-test-rules.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        String unified = listed.replace("rules: []\npeerOutliers:\n", "rules:\n")
                .replace("  - id: app-latency-peer\n", "  - id: app-latency-peer\n    detector: peer\n");

        // When both are read
        Rule fromPeerOutliers = RulesFile.parse(stream(listed), "a.yaml").peers().get("app-latency-peer");
        RulesFile file = RulesFile.parse(stream(unified), "b.yaml");

        // Then they are one and the same rule, a peer rule, and not a series rule
        assertThat(unified).doesNotContain("peerOutliers");
        assertThat(file.peers().get("app-latency-peer")).isEqualTo(fromPeerOutliers);
        assertThat(fromPeerOutliers.isPeer()).isTrue();
        assertThat(file.rules().isEmpty()).isTrue();
    }

    @Test
    void rulesNameTheSchemasTypesAndActionsButNotTheCorrelationsOwn() {
        // Given a peer rule opening a FLEET impairment, and one recommending a failback
        assertThatThrownBy(() -> parse(MINIMAL + "    impairmentType: FLEET\n"))
                .hasMessageContaining("'impairmentType'").hasMessageContaining("'FLEET'")
                .hasMessageContaining("[INSTANCE_FAILURE, SERVICE_DEGRADATION, NETWORK, RESOURCE_EXHAUSTION, "
                        + "APPLICATION_ERROR, DATABASE]");
        assertThatThrownBy(() -> parse(MINIMAL + "    recommendedActions: [FAILBACK_DNS]\n"))
                .hasMessageContaining("'recommendedActions'").hasMessageContaining("'FAILBACK_DNS'");
        // And a code-built rule is held to the same
        assertThatThrownBy(() -> Rule.builder().detector(dev.vigil.detector.rules.DetectorType.PEER).id("z")
                .namespace("App").metricName("Latency").statistic("Average").memberDimension("InstanceId")
                .impairmentType(ImpairmentType.ZONE).build()).hasMessageContaining("'impairmentType'");
    }

    @Test
    void anIdIsUniqueAcrossBothLists() {
        String both = "rules:\n  - id: p1\n    detector: peer\n    namespace: App\n    metricName: Latency\n"
                + "    statistic: Average\n    memberDimension: InstanceId\n" + MINIMAL;

        assertThatThrownBy(() -> parse(both)).hasMessageContaining("'p1'").hasMessageContaining("unique id");
    }

    private static ByteArrayInputStream stream(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
