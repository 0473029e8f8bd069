package dev.vigil.detector.topology;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Topology;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Where an impairment's resource sits, from the sources that cost nothing: the topology the
 * impairment already carries, what its records say ({@link RecordHints}), then the snapshot
 * file. The AWS APIs are asked only when these leave the zone or the fleet's zone spread unknown,
 * since those are what correlation needs.
 */
public final class Enrichment {
    /** Resources that span zones: knowing their fleet's spread is enough. */
    private static final Set<String> NOT_ZONAL = Set.of("TARGET_GROUP", "LOAD_BALANCER", "AUTO_SCALING_GROUP",
            "RDS_CLUSTER", "SERIES");
    private static final int MAX_REASON = 160;

    private Enrichment() {}

    /** Carried topology, then record hints, then the snapshot. */
    public static Topology known(Impairment impairment, TopologySnapshot snapshot) {
        Topology t = impairment.getTopology() == null ? Topology.empty() : impairment.getTopology();
        t = t.orElse(RecordHints.of(impairment));
        return t.orElse(snapshot.lookup(impairment.getResourceId()));
    }

    /** Whether the AWS APIs must be asked: the zone of a zonal resource, or its fleet's spread, is unknown. */
    public static boolean needsApi(Impairment impairment, Topology known) {
        boolean zoneMissing = known.getAvailabilityZone() == null && !NOT_ZONAL.contains(impairment.getResourceType());
        return zoneMissing || known.getFleetMembersByZone().isEmpty();
    }

    /** The impairment as it was when nothing is known and nothing is missing: no copy, no empty block. */
    public static Impairment with(Impairment impairment, Topology topology) {
        if (topology.equals(impairment.getTopology())
                || (impairment.getTopology() == null && topology.equals(Topology.empty()))) {
            return impairment;
        }
        return impairment.toBuilder().topology(topology).build();
    }

    /** Short enough for a field of the published record: the AWS error code, else the exception's message. */
    public static String reason(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String why;
        if (t instanceof AwsServiceException && ((AwsServiceException) t).awsErrorDetails() != null
                && ((AwsServiceException) t).awsErrorDetails().errorCode() != null) {
            AwsServiceException e = (AwsServiceException) t;
            why = e.awsErrorDetails().serviceName() + " " + e.awsErrorDetails().errorCode();
        } else {
            why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
        return why.length() <= MAX_REASON ? why : why.substring(0, MAX_REASON - 3) + "...";
    }
}
