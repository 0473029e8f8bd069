package dev.vigil.detector.rules;

import java.util.Objects;

/** One rule a datapoint feeds, in which role, and the resource it is about. */
public final class Match {
    private final Rule rule;
    private final MetricRole role;
    private final String resourceId;

    public Match(Rule rule, MetricRole role, String resourceId) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.role = Objects.requireNonNull(role, "role");
        this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
    }

    public Rule rule() {
        return rule;
    }

    public MetricRole role() {
        return role;
    }

    /** The value of the rule's resourceDimension on the datapoint. */
    public String resourceId() {
        return resourceId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Match)) {
            return false;
        }
        Match m = (Match) o;
        return rule.equals(m.rule) && role == m.role && resourceId.equals(m.resourceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule.id(), role, resourceId);
    }

    @Override
    public String toString() {
        return rule.id() + "/" + role + "/" + resourceId;
    }
}
