package dev.vigil.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The published output: one lifecycle record of one impairment. An impairment is emitted as
 * {@code OPEN} once, {@code UPDATE} when its severity or evidence changes, and {@code RESOLVED}
 * once. Delivery is at least once: consumers deduplicate on ({@code id}, {@code revision}).
 */
@TypeInfo(ImpairmentTypeInfoFactory.class)
@JsonPropertyOrder({"schemaVersion", "id", "revision", "state", "resourceId", "resourceType", "account", "region",
        "type", "severity", "summary", "firstBreachTime", "detectionTime", "emitTime", "resolvedTime",
        "evidence", "recommendedActions", "awsRecovering", "topology", "relatedImpairments",
        "memberActionsWithheld", "humanRequired"})
public final class Impairment {
    /** Bumped on any incompatible change to the JSON form; consumers check it. */
    public static final int SCHEMA_VERSION = 1;

    private final int schemaVersion;
    private final String id;
    private final int revision;
    private final LifecycleState state;
    private final String resourceId;
    private final String resourceType;
    private final String account;
    private final String region;
    private final ImpairmentType type;
    private final Severity severity;
    private final String summary;
    private final long firstBreachTime;
    private final long detectionTime;
    private final long emitTime;
    private final Long resolvedTime;
    private final Evidence[] evidence;
    private final ActionType[] recommendedActions;
    private final AwsRecovery[] awsRecovering;
    private final Topology topology;
    private final String[] relatedImpairments;
    private final boolean memberActionsWithheld;
    private final boolean humanRequired;

    private Impairment(Builder b) {
        this.schemaVersion = b.schemaVersion;
        this.id = Objects.requireNonNull(b.id, "id");
        this.revision = b.revision;
        this.state = Objects.requireNonNull(b.state, "state");
        this.resourceId = Objects.requireNonNull(b.resourceId, "resourceId");
        this.resourceType = b.resourceType;
        this.account = b.account;
        this.region = b.region;
        this.type = Objects.requireNonNull(b.type, "type");
        this.severity = Objects.requireNonNull(b.severity, "severity");
        this.summary = b.summary;
        this.firstBreachTime = b.firstBreachTime;
        this.detectionTime = b.detectionTime;
        this.emitTime = b.emitTime;
        this.resolvedTime = b.resolvedTime;
        this.evidence = b.evidence == null ? new Evidence[0] : b.evidence;
        this.recommendedActions = b.recommendedActions == null ? new ActionType[0] : b.recommendedActions;
        this.awsRecovering = b.awsRecovering == null ? new AwsRecovery[0] : b.awsRecovering;
        this.topology = b.topology;
        this.relatedImpairments = b.relatedImpairments == null ? new String[0] : b.relatedImpairments;
        this.memberActionsWithheld = b.memberActionsWithheld;
        this.humanRequired = b.humanRequired;
    }

    @JsonCreator
    static Impairment fromJson(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("id") String id,
                               @JsonProperty("revision") int revision, @JsonProperty("state") LifecycleState state,
                               @JsonProperty("resourceId") String resourceId,
                               @JsonProperty("resourceType") String resourceType,
                               @JsonProperty("account") String account, @JsonProperty("region") String region,
                               @JsonProperty("type") ImpairmentType type, @JsonProperty("severity") Severity severity,
                               @JsonProperty("summary") String summary,
                               @JsonProperty("firstBreachTime") long firstBreachTime,
                               @JsonProperty("detectionTime") long detectionTime,
                               @JsonProperty("emitTime") long emitTime,
                               @JsonProperty("resolvedTime") Long resolvedTime,
                               @JsonProperty("evidence") List<Evidence> evidence,
                               @JsonProperty("recommendedActions") List<ActionType> actions,
                               @JsonProperty("awsRecovering") List<AwsRecovery> awsRecovering,
                               @JsonProperty("topology") Topology topology,
                               @JsonProperty("relatedImpairments") List<String> related,
                               @JsonProperty("memberActionsWithheld") boolean withheld,
                               @JsonProperty("humanRequired") boolean humanRequired) {
        return builder().schemaVersion(schemaVersion).id(id).revision(revision).state(state).resource(resourceId, resourceType)
                .location(account, region).type(type).severity(severity).summary(summary)
                .firstBreachTime(firstBreachTime).detectionTime(detectionTime).emitTime(emitTime)
                .resolvedTime(resolvedTime)
                .evidence(evidence == null ? null : evidence.toArray(new Evidence[0]))
                .recommendedActions(actions == null ? null : actions.toArray(new ActionType[0]))
                .awsRecovering(awsRecovering == null ? null : awsRecovering.toArray(new AwsRecovery[0]))
                .topology(topology)
                .relatedImpairments(related == null ? null : related.toArray(new String[0]))
                .memberActionsWithheld(withheld).humanRequired(humanRequired).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to derive the next lifecycle record from it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.copyOf(this);
        return b;
    }

    public int getSchemaVersion() {
        return schemaVersion;
    }

    /** Deterministic: the same input yields the same id, also after a restart from a checkpoint. */
    public String getId() {
        return id;
    }

    /** 0 for OPEN, then one more for each UPDATE and for RESOLVED. */
    public int getRevision() {
        return revision;
    }

    public LifecycleState getState() {
        return state;
    }

    public String getResourceId() {
        return resourceId;
    }

    public String getResourceType() {
        return resourceType;
    }

    public String getAccount() {
        return account;
    }

    public String getRegion() {
        return region;
    }

    public ImpairmentType getType() {
        return type;
    }

    public Severity getSeverity() {
        return severity;
    }

    public String getSummary() {
        return summary;
    }

    /** Event time (epoch ms) of the first breaching datapoint or event of this impairment. */
    public long getFirstBreachTime() {
        return firstBreachTime;
    }

    /** Event time (epoch ms) at which the impairment opened: MTTD = detectionTime - firstBreachTime. */
    public long getDetectionTime() {
        return detectionTime;
    }

    /** Processing time (epoch ms) at which this record left the detector. */
    public long getEmitTime() {
        return emitTime;
    }

    /** Event time (epoch ms) at which it resolved; null until RESOLVED. */
    public Long getResolvedTime() {
        return resolvedTime;
    }

    public Evidence[] getEvidence() {
        return evidence;
    }

    /** In the order the actions sink should try them. */
    public ActionType[] getRecommendedActions() {
        return recommendedActions;
    }

    /**
     * Recoveries AWS itself is running on the resource, per the events seen in this episode and not
     * yet ended; empty when none. The actions they {@link AwsRecoveryKind#preempts() preempt} must not run.
     */
    public AwsRecovery[] getAwsRecovering() {
        return awsRecovering;
    }

    public Topology getTopology() {
        return topology;
    }

    /** Ids of linked impairments: a fleet's or zone's members, or a member's fleet/zone. */
    public String[] getRelatedImpairments() {
        return relatedImpairments;
    }

    /** True when destructive member actions must not run (a fleet or zone is impaired: fail open). */
    public boolean isMemberActionsWithheld() {
        return memberActionsWithheld;
    }

    /** True when automation must not decide alone and a person should look. */
    public boolean isHumanRequired() {
        return humanRequired;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Impairment)) {
            return false;
        }
        Impairment i = (Impairment) o;
        return schemaVersion == i.schemaVersion && revision == i.revision && firstBreachTime == i.firstBreachTime
                && detectionTime == i.detectionTime && emitTime == i.emitTime
                && memberActionsWithheld == i.memberActionsWithheld && humanRequired == i.humanRequired
                && id.equals(i.id) && state == i.state && resourceId.equals(i.resourceId)
                && Objects.equals(resourceType, i.resourceType) && Objects.equals(account, i.account)
                && Objects.equals(region, i.region) && type == i.type && severity == i.severity
                && Objects.equals(summary, i.summary) && Objects.equals(resolvedTime, i.resolvedTime)
                && Arrays.equals(evidence, i.evidence) && Arrays.equals(recommendedActions, i.recommendedActions)
                && Arrays.equals(awsRecovering, i.awsRecovering)
                && Objects.equals(topology, i.topology) && Arrays.equals(relatedImpairments, i.relatedImpairments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, revision, state);
    }

    @Override
    public String toString() {
        return Json.toString(this);
    }

    /** Builds an impairment record. */
    public static final class Builder extends ImpairmentFields {
        private Builder() {}

        public Builder schemaVersion(int v) {
            schemaVersion = v;
            return this;
        }

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder revision(int v) {
            revision = v;
            return this;
        }

        public Builder state(LifecycleState v) {
            state = v;
            return this;
        }

        public Builder resource(String id, String type) {
            resourceId = id;
            resourceType = type;
            return this;
        }

        public Builder location(String acct, String reg) {
            account = acct;
            region = reg;
            return this;
        }

        public Builder type(ImpairmentType v) {
            type = v;
            return this;
        }

        public Builder severity(Severity v) {
            severity = v;
            return this;
        }

        public Builder summary(String v) {
            summary = v;
            return this;
        }

        public Builder firstBreachTime(long v) {
            firstBreachTime = v;
            return this;
        }

        public Builder detectionTime(long v) {
            detectionTime = v;
            return this;
        }

        public Builder emitTime(long v) {
            emitTime = v;
            return this;
        }

        public Builder resolvedTime(Long v) {
            resolvedTime = v;
            return this;
        }

        public Builder evidence(Evidence... v) {
            evidence = v;
            return this;
        }

        public Builder recommendedActions(ActionType... v) {
            recommendedActions = v;
            return this;
        }

        public Builder awsRecovering(AwsRecovery... v) {
            awsRecovering = v;
            return this;
        }

        public Builder topology(Topology v) {
            topology = v;
            return this;
        }

        public Builder relatedImpairments(String... v) {
            relatedImpairments = v;
            return this;
        }

        public Builder memberActionsWithheld(boolean v) {
            memberActionsWithheld = v;
            return this;
        }

        public Builder humanRequired(boolean v) {
            humanRequired = v;
            return this;
        }

        public Impairment build() {
            return new Impairment(this);
        }
    }
}
