package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * FAILOVER_DATABASE: an Aurora cluster ({@code dbClusterIdentifier} parameter, or resource type
 * DB_CLUSTER) fails over with FailoverDBCluster; a Multi-AZ DB instance with RebootDBInstance
 * ForceFailover=true. A Single-AZ instance has no standby, so that is refused as final rather than
 * rebooted for nothing. The writer or zone before the failover is kept with the claim, and a
 * changed one proves the failover happened.
 */
public final class DatabaseExecutor implements ActionExecutor {
    static final String PREVIOUS = "previousWriterOrZone";

    private final Database db;

    public DatabaseExecutor(Database db) {
        this.db = db;
    }

    @Override
    public Set<ActionType> types() {
        return EnumSet.of(ActionType.FAILOVER_DATABASE);
    }

    @Override
    public void validate(RecoveryAction action) {
        if (cluster(action) == null) {
            Params.resource(action);
        }
    }

    @Override
    public String liveState(RecoveryAction action) {
        String cluster = cluster(action);
        return cluster != null ? "the current writer of cluster " + cluster
                : "whether " + action.getResourceId() + " is Multi-AZ, and its zone";
    }

    @Override
    public Map<String, String> prepare(RecoveryAction action) {
        String cluster = cluster(action);
        String previous = cluster != null ? db.clusterWriter(cluster) : instance(action).availabilityZone;
        return previous == null ? Collections.emptyMap() : Collections.singletonMap(PREVIOUS, previous);
    }

    @Override
    public String execute(RecoveryAction action) {
        String cluster = cluster(action);
        if (cluster != null) {
            if (db.clusterWriter(cluster) == null) {
                throw ActionException.finalError("DBClusterNotFoundFault", "no DB cluster " + cluster);
            }
            String target = Params.optional(action, "targetDbInstance");
            db.failoverCluster(cluster, target);
            return "failed over Aurora cluster " + cluster + (target == null ? "" : " to " + target);
        }
        String id = Params.resource(action);
        Database.DbInstance inst = instance(action);
        if (!inst.multiAz) {
            throw ActionException.finalError("NotMultiAZ", id + " is Single-AZ: there is no standby to fail over to");
        }
        db.rebootWithFailover(id);
        return "rebooted " + id + " with failover from " + inst.availabilityZone;
    }

    @Override
    public Verification verify(RecoveryAction action) {
        String previous = Params.optional(action, PREVIOUS);
        if (previous == null) {
            return Verification.UNKNOWN;
        }
        String cluster = cluster(action);
        if (cluster != null) {
            return previous.equals(db.clusterWriter(cluster)) ? Verification.NOT_DONE : Verification.DONE;
        }
        Database.DbInstance inst = instance(action);
        boolean done = "rebooting".equals(inst.status) || !previous.equals(inst.availabilityZone);
        return done ? Verification.DONE : Verification.NOT_DONE;
    }

    private static String cluster(RecoveryAction action) {
        String c = Params.optional(action, "dbClusterIdentifier");
        return c != null ? c : "DB_CLUSTER".equals(action.getResourceType()) ? Params.resource(action) : null;
    }

    private Database.DbInstance instance(RecoveryAction action) {
        Database.DbInstance inst = db.instance(Params.resource(action));
        if (inst == null) {
            throw ActionException.finalError("DBInstanceNotFound", "no DB instance " + action.getResourceId());
        }
        return inst;
    }
}
