package dev.vigil.tools.deploy;

/**
 * Every price the cost estimate uses, in one place. US East (N. Virginia) list prices in USD as
 * AWS publishes them on each service's pricing page (aws.amazon.com/&lt;service&gt;/pricing), read
 * 2025-06; no free tier, no discounts. Check them before relying on an estimate: prices change
 * and differ by region.
 */
final class Prices {
    private Prices() {}

    static final String SOURCE = "AWS list prices, us-east-1, read 2025-06 (aws.amazon.com/<service>/pricing)";
    static final double HOURS_PER_MONTH = 730;

    /** Managed Service for Apache Flink: per KPU-hour; each application also runs one orchestration KPU. */
    static final double MSF_KPU_HOUR = 0.11;
    static final int MSF_ORCHESTRATION_KPU = 1;
    /** Running application storage, 50 GB per KPU, per GB-month. */
    static final double MSF_STORAGE_GB_MONTH = 0.10;
    static final double MSF_STORAGE_GB_PER_KPU = 50;

    /** CloudWatch metric streams: per 1,000 metric updates (1 to 5 extra statistics bill one more update). */
    static final double METRIC_STREAM_PER_1000_UPDATES = 0.003;

    /** Amazon Data Firehose, Direct PUT ingestion, per GB (first 500 TB/month; records rounded up to 5 KB). */
    static final double FIREHOSE_PER_GB = 0.029;

    /** AWS Lambda on arm64: per GB-second and per million requests. */
    static final double LAMBDA_ARM_GB_SECOND = 0.0000133334;
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;

    /** Kinesis Data Streams on demand: per stream-hour, per GB written, per GB read. */
    static final double KINESIS_ON_DEMAND_STREAM_HOUR = 0.04;
    static final double KINESIS_ON_DEMAND_PER_GB_IN = 0.08;
    static final double KINESIS_ON_DEMAND_PER_GB_OUT = 0.04;
    /** Kinesis Data Streams provisioned: per shard-hour and per million 25 KB PUT payload units. */
    static final double KINESIS_SHARD_HOUR = 0.015;
    static final double KINESIS_PER_MILLION_PUT_UNITS = 0.014;

    /** CloudWatch: per standard alarm-month, per dashboard-month; Secrets Manager per secret-month. */
    static final double CLOUDWATCH_ALARM_MONTH = 0.10;
    static final double CLOUDWATCH_DASHBOARD_MONTH = 3.00;
    static final double SECRET_MONTH = 0.40;
}
