package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a resource sits: zone, Auto Scaling group, target groups, load balancer, tags. Enrichment
 * is best effort: {@code complete} is false when a source could not be asked in time, and
 * {@code missing} says which.
 */
@JsonPropertyOrder({"availabilityZone", "autoScalingGroup", "targetGroups", "loadBalancer", "tags", "complete", "missing"})
public final class Topology {
    private final String availabilityZone;
    private final String autoScalingGroup;
    private final String[] targetGroups;
    private final String loadBalancer;
    private final Map<String, String> tags;
    private final boolean complete;
    private final String[] missing;

    public Topology(String availabilityZone, String autoScalingGroup, String[] targetGroups, String loadBalancer,
                    Map<String, String> tags, boolean complete, String[] missing) {
        this.availabilityZone = availabilityZone;
        this.autoScalingGroup = autoScalingGroup;
        this.targetGroups = targetGroups == null ? new String[0] : targetGroups;
        this.loadBalancer = loadBalancer;
        this.tags = tags == null || tags.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new TreeMap<>(tags));
        this.complete = complete;
        this.missing = missing == null ? new String[0] : missing;
    }

    @JsonCreator
    static Topology fromJson(@JsonProperty("availabilityZone") String az,
                             @JsonProperty("autoScalingGroup") String asg,
                             @JsonProperty("targetGroups") List<String> tgs,
                             @JsonProperty("loadBalancer") String lb,
                             @JsonProperty("tags") Map<String, String> tags,
                             @JsonProperty("complete") Boolean complete,
                             @JsonProperty("missing") List<String> missing) {
        return new Topology(az, asg, tgs == null ? null : tgs.toArray(new String[0]), lb, tags,
                complete == null || complete, missing == null ? null : missing.toArray(new String[0]));
    }

    public String getAvailabilityZone() {
        return availabilityZone;
    }

    public String getAutoScalingGroup() {
        return autoScalingGroup;
    }

    public String[] getTargetGroups() {
        return targetGroups;
    }

    public String getLoadBalancer() {
        return loadBalancer;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public boolean isComplete() {
        return complete;
    }

    public String[] getMissing() {
        return missing;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Topology)) {
            return false;
        }
        Topology t = (Topology) o;
        return complete == t.complete && Objects.equals(availabilityZone, t.availabilityZone)
                && Objects.equals(autoScalingGroup, t.autoScalingGroup) && Arrays.equals(targetGroups, t.targetGroups)
                && Objects.equals(loadBalancer, t.loadBalancer) && tags.equals(t.tags)
                && Arrays.equals(missing, t.missing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(availabilityZone, autoScalingGroup, loadBalancer);
    }

    @Override
    public String toString() {
        return Json.toString(this);
    }
}
