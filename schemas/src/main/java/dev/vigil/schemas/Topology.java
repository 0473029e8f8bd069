package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a resource sits: zone, Auto Scaling group, target groups, load balancer, tags. Enrichment
 * is best effort: {@code complete} is false when a source could not be asked in time, and
 * {@code missing} says which.
 *
 * <p>A resource's <em>fleet</em> is its Auto Scaling group, else its first target group; a
 * target group is its own fleet. {@code fleetMembersByZone} counts the fleet's members per
 * Availability Zone when a source knew them: the correlation of fleet and zone impairments needs
 * the denominator, not just the impaired members.
 */
@JsonPropertyOrder({"availabilityZone", "autoScalingGroup", "targetGroups", "loadBalancer", "tags", "fleetMembersByZone",
        "complete", "missing"})
public final class Topology {
    private final String availabilityZone;
    private final String autoScalingGroup;
    private final String[] targetGroups;
    private final String loadBalancer;
    private final Map<String, String> tags;
    private final Map<String, Integer> fleetMembersByZone;
    private final boolean complete;
    private final String[] missing;

    public Topology(String availabilityZone, String autoScalingGroup, String[] targetGroups, String loadBalancer,
                    Map<String, String> tags, boolean complete, String[] missing) {
        this(availabilityZone, autoScalingGroup, targetGroups, loadBalancer, tags, null, complete, missing);
    }

    public Topology(String availabilityZone, String autoScalingGroup, String[] targetGroups, String loadBalancer,
                    Map<String, String> tags, Map<String, Integer> fleetMembersByZone, boolean complete, String[] missing) {
        this.availabilityZone = availabilityZone;
        this.autoScalingGroup = autoScalingGroup;
        this.targetGroups = targetGroups == null ? new String[0] : targetGroups;
        this.loadBalancer = loadBalancer;
        this.tags = tags == null || tags.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new TreeMap<>(tags));
        this.fleetMembersByZone = fleetMembersByZone == null || fleetMembersByZone.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new TreeMap<>(fleetMembersByZone));
        this.complete = complete;
        this.missing = missing == null ? new String[0] : missing;
    }

    /** Nothing known yet; complete until a source says otherwise. */
    public static Topology empty() {
        return new Topology(null, null, null, null, null, null, true, null);
    }

    @JsonCreator
    static Topology fromJson(@JsonProperty("availabilityZone") String az,
                             @JsonProperty("autoScalingGroup") String asg,
                             @JsonProperty("targetGroups") List<String> tgs,
                             @JsonProperty("loadBalancer") String lb,
                             @JsonProperty("tags") Map<String, String> tags,
                             @JsonProperty("fleetMembersByZone") Map<String, Integer> fleetMembersByZone,
                             @JsonProperty("complete") Boolean complete,
                             @JsonProperty("missing") List<String> missing) {
        return new Topology(az, asg, tgs == null ? null : tgs.toArray(new String[0]), lb, tags, fleetMembersByZone,
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

    /** The fleet's members per Availability Zone; empty when no source knew them. */
    public Map<String, Integer> getFleetMembersByZone() {
        return fleetMembersByZone;
    }

    /** The fleet this resource belongs to: its Auto Scaling group, else its first target group; null when unknown. */
    @JsonIgnore
    public String fleet() {
        if (autoScalingGroup != null) {
            return autoScalingGroup;
        }
        return targetGroups.length > 0 ? targetGroups[0] : null;
    }

    /**
     * This topology, with each field it lacks taken from {@code other} (a less preferred source):
     * tags are merged with this one's winning, complete only when both are, missing joined.
     */
    public Topology orElse(Topology other) {
        if (other == null) {
            return this;
        }
        Map<String, String> mergedTags = new TreeMap<>(other.tags);
        mergedTags.putAll(tags);
        Set<String> why = new LinkedHashSet<>(Arrays.asList(missing));
        why.addAll(Arrays.asList(other.missing));
        return new Topology(availabilityZone != null ? availabilityZone : other.availabilityZone,
                autoScalingGroup != null ? autoScalingGroup : other.autoScalingGroup,
                targetGroups.length > 0 ? targetGroups : other.targetGroups,
                loadBalancer != null ? loadBalancer : other.loadBalancer, mergedTags,
                fleetMembersByZone.isEmpty() ? other.fleetMembersByZone : fleetMembersByZone,
                complete && other.complete, why.toArray(new String[0]));
    }

    /** The same topology marked incomplete because {@code why} (e.g. "aws-api: timeout") could not be asked. */
    public Topology incomplete(String why) {
        String[] m = Arrays.copyOf(missing, missing.length + 1);
        m[missing.length] = why;
        return new Topology(availabilityZone, autoScalingGroup, targetGroups, loadBalancer, tags, fleetMembersByZone,
                false, m);
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
                && fleetMembersByZone.equals(t.fleetMembersByZone)
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
