package dev.vigil.common.config;

import java.io.Serializable;

/** How a job's Kinesis sources start and find shards: the {@code Input} group's reader settings. */
public final class KinesisInput implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String G = "Input";

    /** Where a source starts reading a shard it has no checkpoint for. */
    public enum StartPosition { LATEST, TRIM_HORIZON, AT_TIMESTAMP }

    public final StartPosition startPosition;
    /** ISO-8601, only with {@link StartPosition#AT_TIMESTAMP}. */
    public final String startTimestamp;
    public final long shardDiscoveryIntervalMs;

    private KinesisInput(ConfigGroups g) {
        startPosition = g.choice(G, "start.position", StartPosition.class, StartPosition.LATEST);
        startTimestamp = g.string(G, "start.timestamp", null);
        if (startPosition == StartPosition.AT_TIMESTAMP && startTimestamp == null) {
            throw new ConfigGroups.ConfigException(G, "start.timestamp",
                    "an ISO-8601 instant when start.position is AT_TIMESTAMP", null);
        }
        shardDiscoveryIntervalMs = g.number(G, "shard.discovery.interval.ms", 10_000, 100);
    }

    public static KinesisInput of(ConfigGroups g) {
        return new KinesisInput(g);
    }
}
