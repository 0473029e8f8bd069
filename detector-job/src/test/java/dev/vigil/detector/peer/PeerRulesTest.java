package dev.vigil.detector.peer;

import dev.vigil.detector.rules.ImpairmentKind;
import dev.vigil.detector.rules.RecommendedAction;
import dev.vigil.detector.rules.ResourceType;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RuleValidationException;
import dev.vigil.detector.rules.Severity;
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

    private static PeerRules parse(String yaml) throws IOException {
        return PeerRules.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theDefaultRulesFileCarriesAConservativeCpuPeerRuleAndStillLoadsAsARuleSet() {
        // When both loaders read the bundled file
        PeerRules peers = PeerRules.load(RuleSet.DEFAULT_LOCATION);
        RuleSet rules = RuleSet.loadDefault();

        // Then the peer rule compares EC2 CPU with the topology fleet and only notifies
        PeerRule cpu = peers.get("ec2-cpu-peer-outlier");
        assertThat(cpu).isNotNull();
        assertThat(cpu.namespace()).isEqualTo("AWS/EC2");
        assertThat(cpu.metricName()).isEqualTo("CPUUtilization");
        assertThat(cpu.groupDimension()).isNull();
        assertThat(cpu.minValue()).isEqualTo(50.0);
        assertThat(cpu.recommendedActions()).containsExactly(RecommendedAction.NOTIFY);
        // And the threshold rules ignore the peerOutliers key
        assertThat(rules.get("ec2-cpu-high")).isNotNull();
    }

    @Test
    void theTestRulesFileParsesEveryField() {
        PeerRule r = PeerRules.load("classpath:rules/peer-test-rules.yaml").get("app-latency-peer");

        assertThat(r.memberDimension()).isEqualTo("InstanceId");
        assertThat(r.groupDimension()).isEqualTo("AutoScalingGroupName");
        assertThat(r.direction()).isEqualTo(PeerDirection.HIGH);
        assertThat(r.datapointsToAlarm()).isEqualTo(3);
        assertThat(r.evaluationPeriods()).isEqualTo(5);
        assertThat(RuleSet.load("classpath:rules/peer-test-rules.yaml").size()).isZero();
    }

    @Test
    void absentKeysTakeTheDocumentedDefaults() throws IOException {
        PeerRule r = parse(MINIMAL).get("p1");

        assertThat(r.groupDimension()).isNull();
        assertThat(r.direction()).isEqualTo(PeerDirection.HIGH);
        assertThat(r.minPeers()).isEqualTo(3);
        assertThat(r.ratio()).isEqualTo(2.0);
        assertThat(r.madK()).isEqualTo(5.0);
        assertThat(r.minValue()).isNaN();
        assertThat(r.datapointsToAlarm()).isEqualTo(3);
        assertThat(r.evaluationPeriods()).isEqualTo(5);
        assertThat(r.healthyThreshold()).isEqualTo(5);
        assertThat(r.impairmentType()).isEqualTo(ImpairmentKind.SERVICE_DEGRADATION);
        assertThat(r.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(r.resourceType()).isEqualTo(ResourceType.EC2_INSTANCE);
        assertThat(r.recommendedActions()).containsExactly(RecommendedAction.REPLACE_INSTANCE, RecommendedAction.NOTIFY);
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

        PeerRule r = PeerRules.load(file.toString()).get("j");

        assertThat(r.statistic()).isEqualTo("p99");
        assertThat(r.direction()).isEqualTo(PeerDirection.BOTH);
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
}
