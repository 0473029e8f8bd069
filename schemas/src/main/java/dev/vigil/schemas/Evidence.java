package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Why an impairment exists: a metric series that breached (with the value and the threshold or
 * the expected band it left), an event that named the resource, or a correlation with other
 * impairments. Fields that do not apply to the kind are null.
 */
@JsonPropertyOrder({"kind", "ruleId", "namespace", "metricName", "dimensions", "statistic", "periodStart",
        "periodSeconds", "value", "comparison", "threshold", "expected", "lower", "upper", "score",
        "eventId", "eventSource", "eventStatus", "message"})
public final class Evidence {
    private final EvidenceKind kind;
    private final String ruleId;
    private final String namespace;
    private final String metricName;
    private final Map<String, String> dimensions;
    private final String statistic;
    private final Long periodStart;
    private final Integer periodSeconds;
    private final Double value;
    private final String comparison;
    private final Double threshold;
    private final Double expected;
    private final Double lower;
    private final Double upper;
    private final Double score;
    private final String eventId;
    private final String eventSource;
    private final String eventStatus;
    private final String message;

    @JsonCreator
    public Evidence(@JsonProperty("kind") EvidenceKind kind, @JsonProperty("ruleId") String ruleId,
                    @JsonProperty("namespace") String namespace, @JsonProperty("metricName") String metricName,
                    @JsonProperty("dimensions") Map<String, String> dimensions,
                    @JsonProperty("statistic") String statistic, @JsonProperty("periodStart") Long periodStart,
                    @JsonProperty("periodSeconds") Integer periodSeconds, @JsonProperty("value") Double value,
                    @JsonProperty("comparison") String comparison, @JsonProperty("threshold") Double threshold,
                    @JsonProperty("expected") Double expected, @JsonProperty("lower") Double lower,
                    @JsonProperty("upper") Double upper, @JsonProperty("score") Double score,
                    @JsonProperty("eventId") String eventId, @JsonProperty("eventSource") String eventSource,
                    @JsonProperty("eventStatus") String eventStatus, @JsonProperty("message") String message) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.ruleId = ruleId;
        this.namespace = namespace;
        this.metricName = metricName;
        this.dimensions = dimensions == null || dimensions.isEmpty()
                ? null : Collections.unmodifiableMap(new TreeMap<>(dimensions));
        this.statistic = statistic;
        this.periodStart = periodStart;
        this.periodSeconds = periodSeconds;
        this.value = finiteOrNull(value);
        this.comparison = comparison;
        this.threshold = finiteOrNull(threshold);
        this.expected = finiteOrNull(expected);
        this.lower = finiteOrNull(lower);
        this.upper = finiteOrNull(upper);
        this.score = finiteOrNull(score);
        this.eventId = eventId;
        this.eventSource = eventSource;
        this.eventStatus = eventStatus;
        this.message = message;
    }

    /** JSON has no NaN: a value that is not finite is reported as absent. */
    private static Double finiteOrNull(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }

    public static Builder builder(EvidenceKind kind) {
        return new Builder(kind);
    }

    public EvidenceKind getKind() {
        return kind;
    }

    public String getRuleId() {
        return ruleId;
    }

    public String getNamespace() {
        return namespace;
    }

    public String getMetricName() {
        return metricName;
    }

    public Map<String, String> getDimensions() {
        return dimensions;
    }

    public String getStatistic() {
        return statistic;
    }

    public Long getPeriodStart() {
        return periodStart;
    }

    public Integer getPeriodSeconds() {
        return periodSeconds;
    }

    public Double getValue() {
        return value;
    }

    public String getComparison() {
        return comparison;
    }

    public Double getThreshold() {
        return threshold;
    }

    public Double getExpected() {
        return expected;
    }

    public Double getLower() {
        return lower;
    }

    public Double getUpper() {
        return upper;
    }

    public Double getScore() {
        return score;
    }

    public String getEventId() {
        return eventId;
    }

    public String getEventSource() {
        return eventSource;
    }

    public String getEventStatus() {
        return eventStatus;
    }

    public String getMessage() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Evidence)) {
            return false;
        }
        Evidence e = (Evidence) o;
        return kind == e.kind && Objects.equals(ruleId, e.ruleId) && Objects.equals(namespace, e.namespace)
                && Objects.equals(metricName, e.metricName) && Objects.equals(dimensions, e.dimensions)
                && Objects.equals(statistic, e.statistic) && Objects.equals(periodStart, e.periodStart)
                && Objects.equals(periodSeconds, e.periodSeconds) && Objects.equals(value, e.value)
                && Objects.equals(comparison, e.comparison) && Objects.equals(threshold, e.threshold)
                && Objects.equals(expected, e.expected) && Objects.equals(lower, e.lower)
                && Objects.equals(upper, e.upper) && Objects.equals(score, e.score)
                && Objects.equals(eventId, e.eventId) && Objects.equals(eventSource, e.eventSource)
                && Objects.equals(eventStatus, e.eventStatus) && Objects.equals(message, e.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, ruleId, metricName, periodStart, value, eventId);
    }

    @Override
    public String toString() {
        return Json.toString(this);
    }

    /** Builds evidence; unset fields stay null. */
    public static final class Builder {
        private final EvidenceKind kind;
        private String ruleId;
        private String namespace;
        private String metricName;
        private Map<String, String> dimensions;
        private String statistic;
        private Long periodStart;
        private Integer periodSeconds;
        private Double value;
        private String comparison;
        private Double threshold;
        private Double expected;
        private Double lower;
        private Double upper;
        private Double score;
        private String eventId;
        private String eventSource;
        private String eventStatus;
        private String message;

        private Builder(EvidenceKind kind) {
            this.kind = kind;
        }

        public Builder ruleId(String v) {
            ruleId = v;
            return this;
        }

        public Builder metric(String ns, String name, Map<String, String> dims) {
            namespace = ns;
            metricName = name;
            dimensions = dims;
            return this;
        }

        public Builder statistic(String v) {
            statistic = v;
            return this;
        }

        public Builder period(long start, int seconds) {
            periodStart = start;
            periodSeconds = seconds;
            return this;
        }

        public Builder value(double v) {
            value = v;
            return this;
        }

        public Builder threshold(String cmp, double v) {
            comparison = cmp;
            threshold = v;
            return this;
        }

        public Builder band(double exp, double lo, double hi, double sc) {
            expected = exp;
            lower = lo;
            upper = hi;
            score = sc;
            return this;
        }

        public Builder event(String id, String source, String status) {
            eventId = id;
            eventSource = source;
            eventStatus = status;
            return this;
        }

        public Builder message(String v) {
            message = v;
            return this;
        }

        public Evidence build() {
            return new Evidence(kind, ruleId, namespace, metricName, dimensions, statistic, periodStart,
                    periodSeconds, value, comparison, threshold, expected, lower, upper, score, eventId,
                    eventSource, eventStatus, message);
        }
    }
}
