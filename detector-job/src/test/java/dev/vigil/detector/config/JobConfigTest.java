package dev.vigil.detector.config;

import dev.vigil.common.config.AwsSettings;
import dev.vigil.common.config.KinesisInput;
import dev.vigil.detector.parse.MetricFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobConfigTest {
    private static Map<String, Properties> valid() {
        Map<String, Properties> g = new HashMap<>();
        g.put("Input", props("metrics.stream.arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/vigil-metrics",
                "events.stream.arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/vigil-events"));
        g.put("Output", props("impairments.stream.arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/vigil-impairments",
                "deadletters.stream.arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/vigil-dead-letters"));
        g.put("Aws", props("region", "eu-west-1"));
        return g;
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsApplyWhereGroupsAreSilent() {
        JobConfig c = JobConfig.of(valid());

        assertThat(c.input.startPosition).isEqualTo(KinesisInput.StartPosition.LATEST);
        assertThat(c.input.shardDiscoveryIntervalMs).isEqualTo(10_000);
        assertThat(c.aws.credentials).isEqualTo(AwsSettings.Credentials.AUTO);
        assertThat(c.detector.rulesLocation()).isEqualTo("classpath:rules/default-rules.yaml");
        assertThat(c.detector.metricFormat()).isEqualTo(MetricFormat.JSON);
        assertThat(c.detector.maxOutOfOrdernessMs()).isEqualTo(30_000);
        assertThat(c.detector.correlation().fleetOpenShare()).isEqualTo(0.5);
        assertThat(c.detector.correlation().withholdShare()).isEqualTo(0.4);
        assertThat(c.detector.topology().timeoutMs()).isEqualTo(2_000);
        assertThat(c.detector.topology().snapshotPath()).isNull();
        assertThat(c.awsClientProperties().getProperty("aws.region")).isEqualTo("eu-west-1");
        assertThat(c.awsClientProperties()).doesNotContainKey("aws.endpoint");
    }

    @Test
    void liveRulesAreOffUnlessTheirObjectIsConfigured() {
        // Given no live rules object: the rules stream is empty (a bounded source with no split)
        assertThat(JobConfig.of(valid()).detector.liveRules().location()).isNull();

        // When one is configured, the detector polls it
        Map<String, Properties> g = valid();
        g.put("Detector", props("rules.live.location", "s3://vigil-rules/live/rules.yaml", "rules.live.interval.ms", "5000"));
        JobConfig c = JobConfig.of(g);
        assertThat(c.detector.liveRules().location()).isEqualTo("s3://vigil-rules/live/rules.yaml");
        assertThat(c.detector.liveRules().getBoundedness())
                .isEqualTo(org.apache.flink.api.connector.source.Boundedness.CONTINUOUS_UNBOUNDED);
        // and the replay, bounded, runs under the start rules only
        assertThat(JobConfig.detectorOf(g).liveRules().location()).isNull();
    }

    @ParameterizedTest(name = "{0}.{1}={2}")
    @CsvSource({
            "Input, metrics.stream.arn, not-an-arn, Input.metrics.stream.arn",
            "Input, start.position, EARLIEST, Input.start.position",
            "Input, start.position, AT_TIMESTAMP, Input.start.timestamp",
            "Input, reader.type, EFO, Input.reader.type",
            "Input, metrics.format, opentelemetry1.1, Input.metrics.format: expected json, opentelemetry1.0 or opentelemetry0.7",
            "Input, metrics.format, protobuf, Input.metrics.format",
            "Input, shard.discovery.interval.ms, soon, Input.shard.discovery.interval.ms",
            "Aws, credentials.provider, BASIC, Aws.access.key.id",
            "Detector, max.out.of.orderness.ms, -1, Detector.max.out.of.orderness.ms",
            "Detector, state.retention.ms, 0, Detector.state.retention.ms",
            "Detector, evaluate.on.complete, maybe, Detector.evaluate.on.complete",
            "Detector, rules.live.location, vigil-rules/live.yaml, Detector.rules.live.location: expected s3://bucket/key",
            "Detector, rules.live.location, s3://vigil-rules/, Detector.rules.live.location: expected s3://bucket/key",
            "Detector, rules.live.interval.ms, 10, Detector.rules.live.interval.ms",
            "Topology, timeout.ms, 0, Topology.timeout.ms",
            "Topology, cache.size, many, Topology.cache.size",
            "Correlation, fleet.open.share, 1.5, Correlation.fleet.open.share",
            "Correlation, withhold.share, half, Correlation.withhold.share",
            "Correlation, fleet.recover.share, 0.9, fleet.recover.share must not exceed",
            "Correlation, zone.min.impaired, 0, Correlation.zone.min.impaired",
    })
    void aBadValueFailsAtStartNamingItsKey(String group, String key, String value, String named) {
        Map<String, Properties> g = valid();
        g.computeIfAbsent(group, k -> new Properties()).setProperty(key, value);

        assertThatThrownBy(() -> JobConfig.of(g)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({
            "Detector, rule.location, Detector.rule.location: unknown key, Detector.rules.location",
            "Detecter, rules.location, Detecter: unknown group, Detector",
            "Topology, snapshot, Topology.snapshot: unknown key, Topology.snapshot.path",
            "Detector, snapshot.path, Detector.snapshot.path: unknown key, Topology.snapshot.path",
            "Actions, dryrun, Actions.dryrun: unknown key, Actions.dry.run",
    })
    void anUnknownGroupOrKeyStopsTheJobNamingTheNearestKnownOne(String group, String key, String named, String nearest) {
        // Given an otherwise valid config with one misspelt group or key
        Map<String, Properties> g = valid();
        g.computeIfAbsent(group, k -> new Properties()).setProperty(key, "classpath:rules/default-rules.yaml");

        // Then the job does not start on defaults: it names the key and what was probably meant
        assertThatThrownBy(() -> JobConfig.of(g)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named).hasMessageContaining("did you mean '" + nearest + "'");
        // and the replay tool, reading the same file, says the same
        assertThatThrownBy(() -> JobConfig.detectorOf(g)).hasMessageContaining(named)
                .hasMessageContaining("did you mean '" + nearest + "'");
    }

    @Test
    void everyKeyInTheReadmesTableIsAccepted() throws Exception {
        // Given every group.key the README's configuration table names (with values that are valid)
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("**Delivery is at least once.**"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| (\\w+) \\| (`[^|]+`) \\|").matcher(table);
        int keys = 0;
        while (m.find()) {
            for (String k : m.group(2).split(",")) {
                String key = k.trim().replace("`", "");
                assertThat(dev.vigil.common.config.ConfigKeys.isDeclared(m.group(1), key)).as(m.group(1) + "." + key).isTrue();
                keys++;
            }
        }
        assertThat(keys).isGreaterThan(50);
    }

    @Test
    void aBadRulesFileFailsAtStartNamingTheKeyThatPointsAtIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // Given a rules file with a misspelt key
        java.nio.file.Path rules = dir.resolve("rules.yaml");
        java.nio.file.Files.writeString(rules, "rules:\n  - id: r1\n    treatMissingdata: missing\n");
        Map<String, Properties> g = valid();
        g.put("Detector", props("rules.location", rules.toString()));

        // Then the config is refused at start, not by every operator's open() on the TaskManagers
        assertThatThrownBy(() -> JobConfig.of(g)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Detector.rules.location").hasMessageContaining("treatMissingdata")
                .hasMessageContaining("did you mean 'treatMissingData'");
    }

    @Test
    void aPropertiesFileGivenAsTheJobConfigSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // Given the job's keys written as name=value
        java.nio.file.Path file = dir.resolve("job.properties");
        java.nio.file.Files.writeString(file, "# tuned\nDetector.rules.location=/etc/vigil/rules.yaml\n");

        // Then reading it says what it is and what the job reads instead
        assertThatThrownBy(() -> JobConfig.readJson(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name=value").hasMessageContaining("Detector.rules.location")
                .hasMessageContaining("{\"Detector\": {\"rules.location\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"json, JSON", "opentelemetry1.0, OPENTELEMETRY_1_0", "OpenTelemetry0.7, OPENTELEMETRY_0_7"})
    void metricsFormatTakesCloudWatchsOutputFormatNames(String value, MetricFormat expected) {
        Map<String, Properties> g = valid();
        g.get("Input").setProperty("metrics.format", value);

        assertThat(JobConfig.of(g).detector.metricFormat()).isEqualTo(expected);
        // and the replay, which reads only the detector's part of the job's config, reads it too
        assertThat(JobConfig.detectorOf(g).metricFormat()).isEqualTo(expected);
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        Map<String, Properties> g = valid();
        g.get("Output").remove("deadletters.stream.arn");

        assertThatThrownBy(() -> JobConfig.of(g)).hasMessageContaining("Output.deadletters.stream.arn")
                .hasMessageContaining("not set");
    }

    @Test
    void actionsAreOffByDefaultAndNeedAnOutcomeStreamWhenOn() {
        assertThat(JobConfig.of(valid()).actions).isNull();

        Map<String, Properties> on = valid();
        on.put("Actions", props("enabled", "true", "scope.accounts", "111122223333"));
        assertThatThrownBy(() -> JobConfig.of(on)).hasMessageContaining("Output.outcomes.stream.arn");

        on.get("Output").setProperty("outcomes.stream.arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/vigil-outcomes");
        JobConfig c = JobConfig.of(on);
        assertThat(c.actions.scopeAccounts).containsExactly("111122223333");
        assertThat(c.outcomesStreamArn).endsWith("stream/vigil-outcomes");

        on.get("Actions").setProperty("velocity.max.actions", "-1");
        assertThatThrownBy(() -> JobConfig.of(on)).hasMessageContaining("Actions.velocity.max.actions");
    }

    @Test
    void aCountTooLargeForItsKeyStopsTheStartInsteadOfWrappingAround() {
        // Given counts past 2^31 - 1 (the fuzzer's find: 104857610485760 record bytes ran as 278921216;
        // 4294968320 would have run as 1024 without a word)
        for (String[] kv : new String[][] {{"Detector", "parse.max.record.bytes", "104857610485760"},
                {"Detector", "parse.max.line.bytes", "4294968320"}, {"Topology", "cache.size", "4294967297"},
                {"Topology", "capacity", "2147483648"}, {"Correlation", "fleet.min.impaired", "4294967298"},
                {"Correlation", "zone.min.impaired", "9223372036854775807"}}) {
            Map<String, Properties> g = valid();
            g.computeIfAbsent(kv[0], k -> new Properties()).setProperty(kv[1], kv[2]);

            // Then the job does not start, naming the key and the largest value it takes
            assertThatThrownBy(() -> JobConfig.of(g)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(kv[0] + "." + kv[1] + ": expected an integer")
                    .hasMessageContaining("<= 2147483647").hasMessageContaining(kv[2]);
        }
    }
}
