package dev.vigil.detector.rules;

import dev.vigil.schemas.ActionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetTest {

    private static final String VALID = "rules:\n"
            + "  - id: r1\n"
            + "    namespace: AWS/EC2\n"
            + "    metricName: CPUUtilization\n"
            + "    dimensions: [InstanceId]\n"
            + "    statistic: Average\n"
            + "    periodSeconds: 60\n"
            + "    detector: threshold\n"
            + "    comparison: GreaterThanThreshold\n"
            + "    threshold: 90\n"
            + "    datapointsToAlarm: 2\n"
            + "    evaluationPeriods: 3\n"
            + "    impairmentType: RESOURCE_EXHAUSTION\n"
            + "    severity: LOW\n"
            + "    resourceDimension: InstanceId\n"
            + "    resourceType: EC2_INSTANCE\n";

    @Test
    void defaultsLoadAndCoverWhatAnOperatorExpects() {
        RuleSet set = RuleSet.loadDefault();

        assertThat(set.rules().stream().map(r -> r.namespace() + "/" + r.metricName()).collect(Collectors.toList()))
                .contains("AWS/EC2/StatusCheckFailed_System", "AWS/EC2/StatusCheckFailed_Instance",
                        "AWS/EC2/CPUUtilization", "AWS/ApplicationELB/HTTPCode_Target_5XX_Count",
                        "AWS/ApplicationELB/TargetResponseTime", "AWS/ApplicationELB/UnHealthyHostCount",
                        "AWS/RDS/CPUUtilization", "AWS/RDS/FreeStorageSpace", "AWS/RDS/ReplicaLag",
                        "AWS/AutoScaling/GroupInServiceInstances");
        Rule ratio = set.get("alb-target-5xx-ratio");
        assertThat(ratio.denominatorMetricName()).isEqualTo("RequestCount");
        assertThat(ratio.dimensions()).containsExactly("LoadBalancer", "TargetGroup");
        assertThat(ratio.resourceDimension()).isEqualTo("TargetGroup");
        assertThat(ratio.recoveryThreshold()).isEqualTo(0.01);
        Rule latency = set.get("alb-target-response-time-anomaly");
        assertThat(latency.detector()).isEqualTo(DetectorType.ANOMALY);
        assertThat(latency.comparison()).isEqualTo(Comparison.GREATER_THAN_UPPER_THRESHOLD);
        assertThat(latency.anomalyParameters()).isEmpty(); // model defaults; overrides are AnomalyConfig names
        Rule asg = set.get("asg-in-service-below-desired");
        assertThat(asg.comparison()).isEqualTo(Comparison.LESS_THAN_THRESHOLD);
        assertThat(asg.threshold()).isEqualTo(1.0);
        assertThat(asg.denominatorMetricName()).isEqualTo("GroupDesiredCapacity");
        assertThat(set.get("ec2-status-check-system").threshold()).isEqualTo(1.0);
    }

    @Test
    void defaultsAreFilledIn() throws IOException {
        Rule r = parse(VALID).get("r1");

        assertThat(r.treatMissingData()).isEqualTo(TreatMissingData.MISSING);
        assertThat(r.healthyThreshold()).isEqualTo(5);
        assertThat(r.keepFiringSeconds()).isZero();
        assertThat(r.recoveryThreshold()).isEqualTo(90.0);
        assertThat(r.recommendedActions()).isEmpty();
        assertThat(r.periodMs()).isEqualTo(60_000L);
    }

    @Test
    void loadsJsonFromAFilePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.json");
        Files.write(file, ("{\"rules\":[{\"id\":\"j\",\"namespace\":\"AWS/RDS\",\"metricName\":\"ReplicaLag\","
                + "\"dimensions\":[\"DBInstanceIdentifier\"],\"statistic\":\"p99\",\"periodSeconds\":30,"
                + "\"detector\":\"threshold\",\"comparison\":\"GreaterThanThreshold\",\"threshold\":60,"
                + "\"datapointsToAlarm\":1,\"evaluationPeriods\":1,\"treatMissingData\":\"ignore\","
                + "\"impairmentType\":\"DATABASE\",\"severity\":\"HIGH\",\"resourceDimension\":\"DBInstanceIdentifier\","
                + "\"resourceType\":\"RDS_INSTANCE\",\"recommendedActions\":[\"FAILOVER_DATABASE\"]}]}")
                .getBytes(StandardCharsets.UTF_8));

        Rule r = RuleSet.load(file.toString()).get("j");

        assertThat(r.statistic()).isEqualTo("p99");
        assertThat(r.treatMissingData()).isEqualTo(TreatMissingData.IGNORE);
        assertThat(r.recommendedActions()).containsExactly(ActionType.FAILOVER_DATABASE);
    }

    @Test
    void badPeriodNamesRuleKeyAndExpectation() {
        assertFails(VALID.replace("periodSeconds: 60", "periodSeconds: 45"),
                "rule 'r1'", "'periodSeconds'", "10, 30 or a positive multiple of 60", "45");
    }

    @Test
    void invalidValuesAreReportedWithRuleAndKey() {
        assertFails(VALID.replace("evaluationPeriods: 3", "evaluationPeriods: 65"), "rule 'r1'", "'evaluationPeriods'");
        assertFails(VALID.replace("datapointsToAlarm: 2", "datapointsToAlarm: 4"), "rule 'r1'", "'datapointsToAlarm'");
        assertFails(VALID.replace("GreaterThanThreshold", "Bigger"), "rule 'r1'", "'comparison'", "Bigger");
        assertFails(VALID.replace("severity: LOW", "severity: URGENT"), "rule 'r1'", "'severity'", "URGENT");
        assertFails(VALID.replace("statistic: Average", "statistic: Median"), "rule 'r1'", "'statistic'");
        assertFails(VALID.replace("threshold: 90", "threshold: high"), "rule 'r1'", "'threshold'", "a number");
        assertFails(VALID + "    treatMissingData: sometimes\n", "'treatMissingData'", "sometimes");
        assertFails(VALID + "    recoveryThreshold: 95\n", "'recoveryThreshold'", "<= 90.0");
        assertFails(VALID + "    treatMissingdata: missing\n", "'treatMissingdata'", "unknown key");
        assertFails(VALID + "    recommendedActions: [PRAY]\n", "'recommendedActions'", "PRAY");
        assertFails(VALID.replace("resourceDimension: InstanceId", "resourceDimension: TargetGroup"),
                "'resourceDimension'", "one of the rule's dimensions");
        assertFails(VALID.replace("    threshold: 90\n", ""), "'threshold'", "a finite number");
        assertFails(VALID + "    denominatorMetricName: RequestCount\n", "'statistic'", "'Sum' for a ratio rule");
        assertFails(VALID + "    anomaly: {bandWidth: 2}\n", "'anomaly'");
        assertFails(VALID.replace("detector: threshold", "detector: anomaly")
                .replace("    comparison: GreaterThanThreshold\n", "").replace("    threshold: 90\n", "")
                + "    comparison: GreaterThanThreshold\n", "'comparison'", "for an anomaly rule");
    }

    @Test
    void anUnknownKeyNamesTheNearestKnownOneInARuleAndAtTheTopLevel() {
        // Given a misspelt rule key, and a misspelt top-level list (its peer rules would silently vanish)
        // Then each fails naming what was written and what was meant
        assertFails(VALID + "    treatMissingdata: missing\n", "rule 'r1'", "'treatMissingdata'",
                "did you mean 'treatMissingData'");
        assertFails(VALID + "peerOutlier:\n  - id: p1\n", "top-level key 'peerOutlier'", "did you mean 'peerOutliers'");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(quoteCharacter = '"', value = {
            "p99, p99", "P99, p99", "p99.9, p99.9", "P99.99, p99.99", "p100, p100", "p0, p0",
            "tm99, tm99", "TM99, tm99", "wm98, wm98", "tc90, tc90", "TS90, ts90",
            "TM(10%:90%), TM(10%:90%)", "tm(10%:90%), TM(10%:90%)", "TM(:90%), TM(:90%)", "TM(10%:), TM(10%:)",
            "TM(150:1000), TM(150:1000)", "wm(5%:95%), WM(5%:95%)", "TC(0.005:0.030), TC(0.005:0.030)",
            "ts(:99%), TS(:99%)", "PR(100:2000), PR(100:2000)", "pr(:300), PR(:300)",
            "IQM, IQM", "iqm, IQM", "Average, Average", "SampleCount, SampleCount",
    })
    void cloudWatchSpellingsOfAStatisticBecomeTheKeyTheMetricStreamUses(String written, String streamKey)
            throws IOException {
        Rule r = parse(VALID.replace("statistic: Average", "statistic: \"" + written + "\"")).get("r1");

        assertThat(r.statistic()).isEqualTo(streamKey);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(quoteCharacter = '"', value = {
            "average, spells it 'Average'", "MAXIMUM, spells it 'Maximum'", "p101, at most 100", "p99.99999999999, not a statistic",
            "TM(90%:10%), lower bound exceeds", "TM(10%:900), both bounds", "TM(:), at least one bound",
            "TM(abc:def), bounds are numbers", "PR(10%:90%), values, not percentages", "TM(101%:), at most 100",
            "Median, not a statistic", "p99 latency, not a statistic", "tm, not a statistic",
    })
    void aStatisticNoMetricStreamCanCarryFailsAtStartNamingTheRule(String written, String why) {
        assertFails(VALID.replace("statistic: Average", "statistic: \"" + written + "\""), "rule 'r1'", "'statistic'",
                written, why, "accepted: Average, Maximum");
    }

    @Test
    void anomalyRuleWithoutComparisonWatchesBothSides() throws IOException {
        Rule r = parse(VALID.replace("detector: threshold", "detector: anomaly")
                .replace("    comparison: GreaterThanThreshold\n", "").replace("    threshold: 90\n", "")).get("r1");

        assertThat(r.comparison()).isEqualTo(Comparison.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD);
        assertThat(r.threshold()).isNaN();
        assertThat(r.anomalyParameters()).isEmpty();
    }

    @Test
    void duplicateIdsFail() {
        String second = VALID.substring("rules:\n".length());
        assertFails(VALID + second, "rule 'r1'", "'id'", "duplicate");
    }

    @Test
    void missingIdIsReportedByPosition() {
        assertFails(VALID.replace("  - id: r1\n    namespace", "  - namespace"), "rule '#0'", "'id'");
    }

    @Test
    void missingRulesListFails() {
        assertFails("something: else\n", "top-level 'rules' list");
    }

    private static RuleSet parse(String yaml) throws IOException {
        return RuleSet.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static void assertFails(String yaml, String... fragments) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(RuleValidationException.class)
                .hasMessageContainingAll(fragments)
                .hasMessageStartingWith("test.yaml: ");
    }
}
