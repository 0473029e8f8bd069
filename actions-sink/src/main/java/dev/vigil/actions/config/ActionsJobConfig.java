package dev.vigil.actions.config;

import dev.vigil.common.config.ConfigFile;
import dev.vigil.common.config.ConfigGroups;
import dev.vigil.common.config.ConfigKeys;
import dev.vigil.common.config.KinesisInput;

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

    public final String impairmentsStreamArn;
    /** Where the source starts and how often it looks for new shards. */
    public final KinesisInput input;
    public final String outcomesStreamArn;
    public final String deadLettersStreamArn;
    public final ActionsConfig actions;

    private ActionsJobConfig(Map<String, Properties> groups) {
        ConfigGroups g = new ConfigGroups(groups);
        impairmentsStreamArn = g.streamArn("Input", "impairments.stream.arn", true);
        input = KinesisInput.of(g);
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
        return of(ConfigFile.groups(args));
    }

    /** {@code {"Group": {"key": "value", ...}, ...}}; see {@link ConfigFile}. */
    public static Map<String, Properties> readJson(Path file) throws IOException {
        return ConfigFile.read(file);
    }
}
