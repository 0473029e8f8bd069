package dev.vigil.actions.exec.aws;

import dev.vigil.actions.exec.Database;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

import javax.annotation.Nullable;
import java.util.List;

/** {@link Database} on RDS and Aurora. */
public final class RdsDatabase implements Database {
    private final RdsClient rds;

    public RdsDatabase(RdsClient rds) {
        this.rds = rds;
    }

    @Nullable
    @Override
    public DbInstance instance(String dbInstanceId) {
        try {
            List<DBInstance> found = rds.describeDBInstances(b -> b.dbInstanceIdentifier(dbInstanceId)).dbInstances();
            if (found.isEmpty()) {
                return null;
            }
            DBInstance i = found.get(0);
            return new DbInstance(i.dbInstanceStatus(), i.availabilityZone(), Boolean.TRUE.equals(i.multiAZ()));
        } catch (DbInstanceNotFoundException e) {
            return null;
        }
    }

    @Override
    public void rebootWithFailover(String dbInstanceId) {
        rds.rebootDBInstance(b -> b.dbInstanceIdentifier(dbInstanceId).forceFailover(true));
    }

    @Nullable
    @Override
    public String clusterWriter(String clusterId) {
        try {
            List<DBCluster> found = rds.describeDBClusters(b -> b.dbClusterIdentifier(clusterId)).dbClusters();
            if (found.isEmpty()) {
                return null;
            }
            for (DBClusterMember m : found.get(0).dbClusterMembers()) {
                if (Boolean.TRUE.equals(m.isClusterWriter())) {
                    return m.dbInstanceIdentifier();
                }
            }
            return "";
        } catch (DbClusterNotFoundException e) {
            return null;
        }
    }

    @Override
    public void failoverCluster(String clusterId, @Nullable String target) {
        rds.failoverDBCluster(b -> b.dbClusterIdentifier(clusterId).targetDBInstanceIdentifier(target));
    }
}
