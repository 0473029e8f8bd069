package dev.vigil.detector.rules;

import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleMatcherTest {
    private final RuleMatcher matcher = new RuleMatcher(RuleSet.loadDefault());

    private static MetricDatapoint.Builder dp(String ns, String metric) {
        return MetricDatapoint.builder().account("111122223333").region("eu-west-1").namespace(ns).metricName(metric)
                .timestamp(1_700_000_000_000L).value(1);
    }

    @Test
    void ec2CpuByInstanceMatchesTheCpuRuleWithItsResource() {
        MetricDatapoint d = dp("AWS/EC2", "CPUUtilization").dimension("InstanceId", "i-0abc").build();

        List<Match> matches = matcher.match(d);

        assertThat(matches).extracting(m -> m.rule().id()).containsExactly("ec2-cpu-high");
        assertThat(matches.get(0).resourceId()).isEqualTo("i-0abc");
        assertThat(matches.get(0).role()).isEqualTo(MetricRole.NUMERATOR);
    }

    @Test
    void dimensionSetMustMatchExactly() {
        // CPUUtilization aggregated by AutoScalingGroupName, or with an extra dimension, is another series.
        assertThat(matcher.match(dp("AWS/EC2", "CPUUtilization").dimension("AutoScalingGroupName", "web").build()))
                .isEmpty();
        assertThat(matcher.match(dp("AWS/EC2", "CPUUtilization").dimension("InstanceId", "i-1")
                .dimension("ImageId", "ami-1").build())).isEmpty();
        assertThat(matcher.match(dp("AWS/ApplicationELB", "RequestCount").dimension("TargetGroup", "tg").build()))
                .isEmpty();
    }

    @Test
    void sameMetricNameInAnotherNamespaceIsNotConfused() {
        MetricDatapoint rds = dp("AWS/RDS", "CPUUtilization").dimension("DBInstanceIdentifier", "db-1").build();

        assertThat(matcher.match(rds)).extracting(m -> m.rule().id()).containsExactly("rds-cpu-high");
        assertThat(matcher.match(dp("Custom/App", "CPUUtilization").dimension("InstanceId", "i").build())).isEmpty();
    }

    @Test
    void ratioRuleIsFedByNumeratorAndDenominator() {
        MetricDatapoint errors = dp("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count")
                .dimension("TargetGroup", "targetgroup/web/123").dimension("LoadBalancer", "app/lb/456").build();
        MetricDatapoint requests = dp("AWS/ApplicationELB", "RequestCount")
                .dimension("LoadBalancer", "app/lb/456").dimension("TargetGroup", "targetgroup/web/123").build();

        assertThat(matcher.match(errors)).containsExactly(new Match(matcher.ruleSet().get("alb-target-5xx-ratio"),
                MetricRole.NUMERATOR, "targetgroup/web/123"));
        assertThat(matcher.match(requests)).containsExactly(new Match(matcher.ruleSet().get("alb-target-5xx-ratio"),
                MetricRole.DENOMINATOR, "targetgroup/web/123"));
        Rule rule = matcher.ruleSet().get("alb-target-5xx-ratio");
        assertThat(RuleMatcher.seriesKey(rule, errors)).isEqualTo(RuleMatcher.seriesKey(rule, requests))
                .isEqualTo("alb-target-5xx-ratio|111122223333|eu-west-1|LoadBalancer=app/lb/456"
                        + "|TargetGroup=targetgroup/web/123");
    }

    @Test
    void oneDatapointCanFeedSeveralRules() {
        MetricDatapoint latency = dp("AWS/ApplicationELB", "TargetResponseTime")
                .dimension("LoadBalancer", "app/lb/1").dimension("TargetGroup", "targetgroup/a/1").build();
        Rule extra = Rule.builder().id("latency-static").namespace("AWS/ApplicationELB")
                .metricName("TargetResponseTime").dimensions(java.util.Arrays.asList("TargetGroup", "LoadBalancer"))
                .statistic("Average").periodSeconds(60).comparison(Comparison.GREATER_THAN_THRESHOLD).threshold(2)
                .datapointsToAlarm(1).evaluationPeriods(1).impairmentType(ImpairmentType.SERVICE_DEGRADATION)
                .severity(Severity.LOW).resourceDimension("LoadBalancer").resourceType(ResourceType.LOAD_BALANCER)
                .build();
        List<Rule> rules = new ArrayList<>(RuleSet.loadDefault().rules());
        rules.add(extra);
        RuleMatcher m = new RuleMatcher(RuleSet.of(rules));
        List<String> seen = new ArrayList<>();

        int n = m.forEachMatch(latency, (rule, role, resource) -> seen.add(rule.id() + "@" + resource));

        assertThat(n).isEqualTo(2);
        assertThat(seen).containsExactlyInAnyOrder("alb-target-response-time-anomaly@targetgroup/a/1",
                "latency-static@app/lb/1");
    }

    @Test
    void unknownMetricMatchesNothing() {
        assertThat(matcher.forEachMatch(dp("AWS/EC2", "NetworkIn").dimension("InstanceId", "i").build(),
                (r, role, res) -> {
                    throw new AssertionError("no match expected");
                })).isZero();
    }
}
