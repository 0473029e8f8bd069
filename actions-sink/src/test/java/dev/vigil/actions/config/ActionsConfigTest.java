package dev.vigil.actions.config;

import dev.vigil.actions.Fixtures;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionsConfigTest {
    private static Map<String, Properties> groups(String... actionsKeyValues) {
        Properties aws = new Properties();
        aws.setProperty("region", "eu-west-1");
        Properties actions = new Properties();
        for (int i = 0; i < actionsKeyValues.length; i += 2) {
            actions.setProperty(actionsKeyValues[i], actionsKeyValues[i + 1]);
        }
        return Map.of("Aws", aws, "Actions", actions);
    }

    @Test
    void anUnknownKeyOrGroupStopsTheStartNamingTheNearestKnownOne() {
        // Given a typo in a key of the Actions group, and a misspelt group
        Map<String, Properties> typoKey = groups("dry.runn", "true");
        Map<String, Properties> typoGroup = new java.util.HashMap<>(groups());
        Properties actions = new Properties();
        actions.setProperty("dry.run", "true");
        typoGroup.put("Action", actions);

        // Then neither is ignored: each fails naming what was written and what was meant
        assertThatThrownBy(() -> ActionsConfig.of(typoKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Actions.dry.runn").hasMessageContaining("did you mean 'Actions.dry.run'");
        assertThatThrownBy(() -> ActionsConfig.of(typoGroup)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Action: unknown group").hasMessageContaining("did you mean 'Actions'");
    }

    @Test
    void theStandaloneJobAcceptsTheDetectorsKeysSoOneFileServesBoth() {
        // Given one file for both jobs: the actions job's streams and the detector's groups
        Map<String, Properties> g = new java.util.HashMap<>(groups());
        Properties input = new Properties();
        input.setProperty("impairments.stream.arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/i");
        input.setProperty("metrics.stream.arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/m");
        Properties output = new Properties();
        output.setProperty("outcomes.stream.arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/o");
        output.setProperty("deadletters.stream.arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/d");
        Properties detector = new Properties();
        detector.setProperty("rules.location", "classpath:rules/default-rules.yaml");
        g.put("Input", input);
        g.put("Output", output);
        g.put("Detector", detector);

        // Then the actions job starts; a misspelt detector key still fails it
        assertThat(dev.vigil.actions.config.ActionsJobConfig.of(g).impairmentsStreamArn).endsWith("stream/i");
        detector.setProperty("rule.location", "x");
        assertThatThrownBy(() -> dev.vigil.actions.config.ActionsJobConfig.of(g))
                .hasMessageContaining("Detector.rule.location").hasMessageContaining("Detector.rules.location");
    }

    @Test
    void defaultsAreSafe() {
        ActionsConfig c = ActionsConfig.of(groups());

        assertThat(c.enabled).isFalse();
        assertThat(c.region).isEqualTo("eu-west-1");
        assertThat(c.dryRun).isFalse();
        assertThat(c.velocityMaxActions).isEqualTo(3);
        assertThat(c.velocityMaxShare).isEqualTo(0.25);
        // nothing but NOTIFY is in scope until the operator allows it
        RecoveryAction replace = new RecoveryAction("a", "i", 0, ActionType.REPLACE_INSTANCE, "i-1", "EC2_INSTANCE",
                Fixtures.ACCOUNT, "eu-west-1", Map.of(), true, "r");
        assertThat(c.scope().denial(replace, Map.of())).contains("account");
    }

    @Test
    void scopeListsAndTagsAreRead() {
        ActionsConfig c = ActionsConfig.of(groups("scope.accounts", Fixtures.ACCOUNT, "scope.regions", "eu-west-1",
                "scope.resources", "i-*, web-asg", "scope.tags", "vigil:managed=true", "region", "us-east-1"));

        RecoveryAction replace = new RecoveryAction("a", "i", 0, ActionType.REPLACE_INSTANCE, "db-1", "RDS",
                Fixtures.ACCOUNT, "eu-west-1", Map.of(), true, "r");
        assertThat(c.scope().denial(replace, Map.of("vigil:managed", "true"))).isNull();
        assertThat(c.scope().denial(replace, Map.of())).contains("no allowed");
        assertThat(c.scopeResources).containsExactly("i-*", "web-asg");
        assertThat(c.region).isEqualTo("us-east-1");
        assertThat(c.aws.region).isEqualTo("eu-west-1");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> ActionsConfig.of(groups("velocity.max.share", "1.5")))
                .hasMessageContaining("Actions.velocity.max.share").hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> ActionsConfig.of(groups("dry.run", "yes")))
                .hasMessageContaining("Actions.dry.run");
        assertThatThrownBy(() -> ActionsConfig.of(groups("scope.tags", "team")))
                .hasMessageContaining("Actions.scope.tags");
        assertThatThrownBy(() -> ActionsConfig.of(groups("notify.topic.arn", "my-topic")))
                .hasMessageContaining("Actions.notify.topic.arn");
        assertThatThrownBy(() -> ActionsConfig.of(groups("plans.location", "/nonexistent/plans.yaml")))
                .hasMessageContaining("Actions.plans.location");
        assertThatThrownBy(() -> ActionsConfig.of(Map.of("Actions", new Properties())))
                .hasMessageContaining("Aws.region");
    }

    @Test
    void theCapAcrossFleetsIsReadAndValidated() {
        // Given the default, a cap of its own, and one that is no number of actions
        assertThat(ActionsConfig.of(groups()).velocityMaxTotal).isEqualTo(10);
        assertThat(ActionsConfig.of(groups("velocity.max.total", "25")).velocityMaxTotal).isEqualTo(25);
        assertThatThrownBy(() -> ActionsConfig.of(groups("velocity.max.total", "-1")))
                .hasMessageContaining("Actions.velocity.max.total: expected an integer >= 0, got '-1'");
    }

    @Test
    void aCountTooLargeForItsKeyStopsTheStartInsteadOfWrappingAround() {
        // Given counts past 2^31 - 1: 4294967299 would have run as 3 actions a window without a word
        for (String key : new String[] {"velocity.max.actions", "velocity.max.total", "retry.max.attempts", "threads",
                "capacity"}) {
            assertThatThrownBy(() -> ActionsConfig.of(groups(key, "4294967299")))
                    .hasMessageContaining("Actions." + key + ": expected an integer").hasMessageContaining("<= 2147483647");
        }
    }
}
