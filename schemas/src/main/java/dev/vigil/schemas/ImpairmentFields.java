package dev.vigil.schemas;

/**
 * The values an {@link Impairment.Builder} gathers, with their defaults, and the copy of a record's
 * values a derived lifecycle record starts from; apart from the record so each stays readable.
 */
abstract class ImpairmentFields {
    int schemaVersion = Impairment.SCHEMA_VERSION;
    String id;
    int revision;
    LifecycleState state;
    String resourceId;
    String resourceType;
    String account;
    String region;
    ImpairmentType type;
    Severity severity;
    String summary;
    long firstBreachTime;
    long detectionTime;
    long emitTime;
    Long resolvedTime;
    Evidence[] evidence;
    ActionType[] recommendedActions;
    AwsRecovery[] awsRecovering;
    Topology topology;
    String[] relatedImpairments;
    boolean memberActionsWithheld;
    boolean humanRequired;

    /** Every value of {@code i} (its arrays shared, as the record never changes them). */
    final void copyOf(Impairment i) {
        schemaVersion = i.getSchemaVersion();
        id = i.getId();
        revision = i.getRevision();
        state = i.getState();
        resourceId = i.getResourceId();
        resourceType = i.getResourceType();
        account = i.getAccount();
        region = i.getRegion();
        type = i.getType();
        severity = i.getSeverity();
        summary = i.getSummary();
        firstBreachTime = i.getFirstBreachTime();
        detectionTime = i.getDetectionTime();
        emitTime = i.getEmitTime();
        resolvedTime = i.getResolvedTime();
        evidence = i.getEvidence();
        recommendedActions = i.getRecommendedActions();
        awsRecovering = i.getAwsRecovering();
        topology = i.getTopology();
        relatedImpairments = i.getRelatedImpairments();
        memberActionsWithheld = i.isMemberActionsWithheld();
        humanRequired = i.isHumanRequired();
    }
}
