package dev.vigil.detector.config;

import dev.vigil.actions.config.ActionsConfig;
import dev.vigil.common.config.AwsSettings;
import dev.vigil.common.config.ConfigFile;
import dev.vigil.common.config.ConfigGroups;
import dev.vigil.common.config.ConfigKeys;
import dev.vigil.common.config.KinesisInput;
import dev.vigil.common.config.StartupFailure;
import dev.vigil.detector.DetectorConfig;
import dev.vigil.detector.correlate.CorrelationConfig;
import dev.vigil.detector.flink.RulesSource;
import dev.vigil.detector.live.S3RulesObjects;
import dev.vigil.detector.parse.MetricFormat;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.topology.AwsTopologyApi;
import dev.vigil.detector.topology.TopologySettings;
import dev.vigil.detector.topology.TopologySnapshot;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Everything the detector job is configured with, read once at start from the property groups
 * Managed Service for Apache Flink provides (or the same groups from a local JSON file) and
 * validated: a bad value fails naming its group and key. Every key is in the README.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How shards are read. The 4.3.0 FLIP-27 source polls; enhanced fan-out needs connector 5.x. */
    public enum ReaderType { POLLING }

    /** How often the live rules object is polled unless {@code Detector.rules.live.interval.ms} says otherwise. */
    public static final long LIVE_RULES_INTERVAL_MS = 60_000;

    public final String metricsStreamArn;
    public final String eventsStreamArn;
    /** Where the sources start and how often they look for new shards. */
    public final KinesisInput input;
    public final ReaderType readerType;
    public final String impairmentsStreamArn;
    public final String deadLettersStreamArn;
    /** The streams' region, the endpoint and the credentials. */
    public final AwsSettings aws;
    public final DetectorConfig detector;
    /** The recovery actions run in this job, or null when {@code Actions.enabled} is off (the default). */
    public final ActionsConfig actions;
    /** Where action outcomes go when actions are enabled. */
    public final String outcomesStreamArn;

    private JobConfig(ConfigGroups g) {
        metricsStreamArn = g.streamArn("Input", "metrics.stream.arn", true);
        eventsStreamArn = g.streamArn("Input", "events.stream.arn", true);
        input = KinesisInput.of(g);
        readerType = g.choice("Input", "reader.type", ReaderType.class, ReaderType.POLLING);
        impairmentsStreamArn = g.streamArn("Output", "impairments.stream.arn", true);
        deadLettersStreamArn = g.streamArn("Output", "deadletters.stream.arn", true);
        aws = AwsSettings.of(g);
        DetectorConfig d = detector(g);
        if (g.flag("Topology", "api.enabled", true)) {
            // The job's own credentials in the job's region: what the MSF application role can describe.
            d = d.withTopology(d.topology().withApi(new AwsTopologyApi.Factory(aws.region, aws.endpoint,
                    aws.basicAccessKeyId(), aws.basicSecretAccessKey())));
        }
        detector = validRules(liveRules(g, d, aws));
        if (detector.topology().snapshotPath() != null) {
            try {
                TopologySnapshot.load(detector.topology().snapshotPath());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Topology.snapshot.path: " + StartupFailure.describe(e), e);
            }
        }
        boolean withActions = ActionsConfig.enabledIn(g.groups());
        actions = withActions ? ActionsConfig.of(g.groups()) : null;
        outcomesStreamArn = g.streamArn("Output", "outcomes.stream.arn", withActions);
    }

    private static DetectorConfig detector(ConfigGroups g) {
        DetectorConfig d = DetectorConfig.defaults();
        ParseLimits limits = new ParseLimits(
                g.integer("Detector", "parse.max.record.bytes", ParseLimits.DEFAULT_MAX_RECORD_BYTES, 1024),
                g.integer("Detector", "parse.max.line.bytes", ParseLimits.DEFAULT_MAX_LINE_BYTES, 256),
                g.number("Detector", "parse.max.future.ms", ParseLimits.DEFAULT_MAX_FUTURE_MS, 0),
                g.number("Detector", "parse.max.age.ms", ParseLimits.DEFAULT_MAX_AGE_MS, 0));
        return new DetectorConfig(limits,
                g.string("Detector", "rules.location", d.rulesLocation()),
                g.number("Detector", "max.out.of.orderness.ms", d.maxOutOfOrdernessMs(), 0),
                g.number("Detector", "idleness.ms", d.idlenessMs(), 0),
                g.number("Detector", "state.retention.ms", d.stateRetentionMs(), 1))
                .withMetricFormat(metricFormat(g))
                .withEvaluateOnComplete(g.flag("Detector", "evaluate.on.complete", d.evaluateOnComplete()))
                .withTopology(topology(g))
                .withCorrelation(correlation(g));
    }

    /** {@code Input.metrics.format}: the metric stream's output format, as CloudWatch names it. */
    private static MetricFormat metricFormat(ConfigGroups g) {
        String v = g.string("Input", "metrics.format", MetricFormat.JSON.code());
        try {
            return MetricFormat.of(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigGroups.ConfigException("Input", "metrics.format", MetricFormat.codes(), v);
        }
    }

    /** The Topology group without the API (that needs the Aws group; see the constructor). */
    private static TopologySettings topology(ConfigGroups g) {
        TopologySettings d = TopologySettings.none();
        TopologySettings t = d.withTimeoutMs(g.number("Topology", "timeout.ms", d.timeoutMs(), 1))
                .withCache(g.integer("Topology", "cache.size", d.cacheSize(), 1),
                        g.number("Topology", "cache.ttl.ms", d.cacheTtlMs(), 1))
                .withCapacity(g.integer("Topology", "capacity", d.capacity(), 1));
        String snapshot = g.string("Topology", "snapshot.path", null);
        return snapshot == null ? t : t.withSnapshot(snapshot);
    }

    private static CorrelationConfig correlation(ConfigGroups g) {
        CorrelationConfig d = CorrelationConfig.defaults();
        try {
            return new CorrelationConfig(
                    g.share("Correlation", "fleet.open.share", d.fleetOpenShare()),
                    g.share("Correlation", "fleet.recover.share", d.fleetRecoverShare()),
                    g.integer("Correlation", "fleet.min.impaired", d.fleetMinImpaired(), 1),
                    g.share("Correlation", "withhold.share", d.withholdShare()),
                    g.share("Correlation", "zone.min.share", d.zoneMinShare()),
                    g.share("Correlation", "zone.peer.ratio", d.zonePeerRatio()),
                    g.share("Correlation", "zone.recover.share", d.zoneRecoverShare()),
                    g.integer("Correlation", "zone.min.impaired", d.zoneMinImpaired(), 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Correlation group: " + e.getMessage(), e);
        }
    }

    /**
     * {@code Detector.rules.live.location} ({@code s3://bucket/key}; unset: live rules off) polled every
     * {@code Detector.rules.live.interval.ms} with the job's AWS settings.
     */
    private static DetectorConfig liveRules(ConfigGroups g, DetectorConfig d, AwsSettings aws) {
        String location = g.string("Detector", "rules.live.location", null);
        long interval = g.number("Detector", "rules.live.interval.ms", LIVE_RULES_INTERVAL_MS, 100);
        if (location == null) {
            return d;
        }
        try {
            return d.withLiveRules(RulesSource.polling(new S3RulesObjects.Factory(location, aws), interval));
        } catch (IllegalArgumentException e) {
            throw new ConfigGroups.ConfigException("Detector", "rules.live.location", "s3://bucket/key", location);
        }
    }

    /** The rules file read and validated now, at start: a bad file fails here, naming the key that points at it. */
    private static DetectorConfig validRules(DetectorConfig d) {
        try {
            d.rules();
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Detector.rules.location: " + StartupFailure.describe(e), e);
        }
    }

    /**
     * Only the Detector group (and Topology, Correlation, {@code Input.metrics.format}), validated as the job does, rules file
     * included: the replay tool reads the job's config file with this, so it needs no stream ARNs
     * or credentials. Unknown groups or keys fail as they do for the job.
     */
    public static DetectorConfig detectorOf(Map<String, Properties> groups) {
        ConfigKeys.check(groups);
        return validRules(detector(new ConfigGroups(groups)));
    }

    /** Unknown groups or keys fail, naming the nearest known one; then every value is checked. */
    public static JobConfig of(Map<String, Properties> groups) {
        ConfigKeys.check(groups);
        return new JobConfig(new ConfigGroups(groups));
    }

    /** {@code --config FILE} reads the groups from a local JSON file; otherwise from MSF. */
    public static JobConfig load(String[] args) throws IOException {
        return of(ConfigFile.groups(args));
    }

    /** {@code {"Group": {"key": "value", ...}, ...}}, the shape of MSF's runtime properties; see {@link ConfigFile}. */
    public static Map<String, Properties> readJson(Path file) throws IOException {
        return ConfigFile.read(file);
    }

    /** The connector's AWS client settings (region, endpoint, credentials) as its properties. */
    public Properties awsClientProperties() {
        return aws.connectorProperties();
    }
}
