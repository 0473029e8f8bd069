package dev.vigil.common.flink;

/**
 * Every operator uid of the two jobs, in one place. Managed Service for Apache Flink restores an
 * operator's state from a snapshot by its uid, so a released uid never changes and never goes:
 * renaming one silently drops that operator's state on the next restore. The released ones are
 * listed in each job's test resources ({@code released-uids.txt}) and checked against the job's
 * whole stream graph.
 */
public final class Uids {
    private Uids() {}

    // Detector job: sources and sinks (DetectorJob).
    public static final String SOURCE_METRICS = "source-metrics";
    public static final String SOURCE_EVENTS = "source-events";
    public static final String SINK_IMPAIRMENTS = "sink-impairments";
    public static final String SINK_DEAD_LETTERS = "sink-dead-letters";
    /** Stateless: a dead letter too big for one record goes to the sink in parts. */
    public static final String FIT_DEAD_LETTERS = "fit-dead-letters";
    public static final String SINK_ACTION_OUTCOMES = "sink-action-outcomes";

    // Detector job: the pipeline (DetectorPipeline).
    public static final String PARSE_METRICS = "parse-metrics";
    public static final String PARSE_EVENTS = "parse-events";
    public static final String DATAPOINT_WATERMARKS = "datapoint-watermarks";
    public static final String EVENT_WATERMARKS = "event-watermarks";
    /** Broadcast state {@code live-rules} (as do detect-resources and detect-peer-outliers). */
    public static final String ROUTE_DATAPOINTS = "route-datapoints";
    public static final String ROUTE_EVENTS = "route-events";
    /** Keyed state {@code resource}. */
    public static final String DETECT_RESOURCES = "detect-resources";
    /** A pass-through since the live rules: the peer routing is done with the resources' ({@code route-datapoints}). */
    public static final String ROUTE_PEERS = "route-peers";
    /** Live rules (FLIP-27, parallelism 1): its split holds the last version tag read. */
    public static final String SOURCE_RULES = "source-rules";
    /** Stateless: live rules that do not read become dead letters. */
    public static final String VALIDATE_RULES = "validate-rules";
    /** Keyed state {@code peer-group}, {@code peer-members}. */
    public static final String DETECT_PEER_OUTLIERS = "detect-peer-outliers";
    /** Async I/O: in-flight impairments. */
    public static final String ENRICH_TOPOLOGY = "enrich-topology";
    public static final String ENRICH_TOPOLOGY_PEERS = "enrich-topology-peers";
    /** Keyed state {@code region}, {@code members}, {@code counts}, {@code held}, {@code held-count}, {@code held-ids}. */
    public static final String CORRELATE = "correlate-fleet-zone";

    /** Both jobs (ActionsPipeline): operator state {@code velocity-history}, and in-flight impairments. */
    public static final String EXECUTE_ACTIONS = "actions-execute";

    // Actions job (ActionsJob).
    public static final String SOURCE_IMPAIRMENTS = "source-impairments";
    public static final String PARSE_IMPAIRMENTS = "parse-impairments";
    public static final String SINK_OUTCOMES = "sink-outcomes";
    public static final String SINK_IMPAIRMENT_DEAD_LETTERS = "sink-impairment-dead-letters";
    /** Stateless: as {@link #FIT_DEAD_LETTERS}. */
    public static final String FIT_IMPAIRMENT_DEAD_LETTERS = "fit-impairment-dead-letters";
}
