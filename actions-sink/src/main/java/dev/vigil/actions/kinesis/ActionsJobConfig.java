package dev.vigil.actions.kinesis;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import dev.vigil.actions.config.ActionsConfig;
import dev.vigil.common.config.ConfigFile;
import dev.vigil.common.config.ConfigGroups;
import dev.vigil.common.config.ConfigKeys;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The standalone actions job's configuration: the impairments stream in ({@code Input}), the
 * outcome and dead-letter streams out ({@code Output}), the AWS settings ({@code Aws}) and the
 * sink itself ({@code Actions}). The same groups as the detector job, so one file can serve both.
 */
public final class ActionsJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the source starts on a shard it has no checkpoint for. */
    public enum StartPosition { LATEST, TRIM_HORIZON }

    public final String impairmentsStreamArn;
    public final StartPosition startPosition;
    public final long shardDiscoveryIntervalMs;
    public final String outcomesStreamArn;
    public final String deadLettersStreamArn;
    public final ActionsConfig actions;

    private ActionsJobConfig(Map<String, Properties> groups) {
        ConfigGroups g = new ConfigGroups(groups);
        impairmentsStreamArn = g.streamArn("Input", "impairments.stream.arn", true);
        startPosition = g.choice("Input", "start.position", StartPosition.class, StartPosition.LATEST);
        shardDiscoveryIntervalMs = g.number("Input", "shard.discovery.interval.ms", 10_000, 100);
        outcomesStreamArn = g.streamArn("Output", "outcomes.stream.arn", true);
        deadLettersStreamArn = g.streamArn("Output", "deadletters.stream.arn", true);
        actions = ActionsConfig.of(groups);
    }

    /** Unknown groups or keys fail (the detector job's keys are known: one file can serve both jobs). */
    public static ActionsJobConfig of(Map<String, Properties> groups) {
        ConfigKeys.check(groups);
        return new ActionsJobConfig(groups);
    }

    /** {@code --config FILE} reads the groups from a local JSON file; otherwise from MSF. */
    public static ActionsJobConfig load(String[] args) throws IOException {
        return of(groups(args));
    }

    /** The property groups: {@code --config FILE} (JSON, MSF's shape) or MSF's runtime properties. */
    public static Map<String, Properties> groups(String[] args) throws IOException {
        for (int i = 0; i + 1 < args.length; i++) {
            if ("--config".equals(args[i])) {
                return readJson(Path.of(args[i + 1]));
            }
        }
        return KinesisAnalyticsRuntime.getApplicationProperties();
    }

    /** {@code {"Group": {"key": "value", ...}, ...}}; see {@link ConfigFile}. */
    public static Map<String, Properties> readJson(Path file) throws IOException {
        return ConfigFile.read(file);
    }

    /** The connector's AWS client settings (region, endpoint, credentials) as its properties. */
    public Properties awsClientProperties() {
        return clientProperties(actions);
    }

    /** The sinks' client properties. */
    public static Properties sinkProperties(ActionsConfig a) {
        Properties p = clientProperties(a);
        if (a.endpoint != null) {
            // Local emulators (moto) speak HTTP/1.1 only; AWS itself takes HTTP/2.
            p.setProperty("aws.http.protocol.version", "HTTP1_1");
        }
        return p;
    }

    /**
     * Connector properties from the {@code Aws} settings. The Kinesis streams live in the
     * {@code Aws.region}; {@code Actions.region} only moves where actions are taken.
     */
    public static Properties clientProperties(ActionsConfig a) {
        Properties p = new Properties();
        p.setProperty("aws.region", a.awsRegion);
        if (a.endpoint != null) {
            p.setProperty("aws.endpoint", a.endpoint);
        }
        if (a.credentials == ActionsConfig.Credentials.BASIC) {
            p.setProperty("aws.credentials.provider", "BASIC");
            p.setProperty("aws.credentials.provider.basic.accesskeyid", a.accessKeyId);
            p.setProperty("aws.credentials.provider.basic.secretkey", a.secretAccessKey);
        }
        return p;
    }
}
