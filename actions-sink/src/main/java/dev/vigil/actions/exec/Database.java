package dev.vigil.actions.exec;

import javax.annotation.Nullable;

/** The RDS calls database failover needs. */
public interface Database {
    /** A DB instance's status ({@code available}, {@code rebooting}, ...), zone and Multi-AZ flag; null when unknown. */
    @Nullable
    DbInstance instance(String dbInstanceId);

    /** RebootDBInstance with ForceFailover: the Multi-AZ standby becomes primary. */
    void rebootWithFailover(String dbInstanceId);

    /** The cluster's current writer instance, or null when the cluster is unknown. */
    @Nullable
    String clusterWriter(String clusterId);

    /** FailoverDBCluster, to {@code target} when given. */
    void failoverCluster(String clusterId, @Nullable String target);

    /** What failover decisions need to know of one DB instance. */
    final class DbInstance {
        public final String status;
        public final String availabilityZone;
        public final boolean multiAz;

        public DbInstance(String status, String availabilityZone, boolean multiAz) {
            this.status = status;
            this.availabilityZone = availabilityZone;
            this.multiAz = multiAz;
        }
    }
}
