package dev.vigil.actions.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** DB instances and clusters in maps; a failover moves the zone or the writer. */
public final class InMemoryDatabase implements Database {
    public final Faults faults = new Faults();
    public final Map<String, DbInstance> instances = new HashMap<>();
    public final Map<String, String> writers = new HashMap<>();
    public final Map<String, String> standbyZone = new HashMap<>();
    public final List<String> calls = new ArrayList<>();

    @Override
    public DbInstance instance(String dbInstanceId) {
        return instances.get(dbInstanceId);
    }

    @Override
    public void rebootWithFailover(String dbInstanceId) {
        faults.check();
        calls.add("failover " + dbInstanceId);
        DbInstance i = instances.get(dbInstanceId);
        instances.put(dbInstanceId, new DbInstance("rebooting", standbyZone.getOrDefault(dbInstanceId,
                i.availabilityZone), i.multiAz));
    }

    @Override
    public String clusterWriter(String clusterId) {
        return writers.get(clusterId);
    }

    @Override
    public void failoverCluster(String clusterId, String target) {
        faults.check();
        calls.add("failover-cluster " + clusterId);
        writers.put(clusterId, target != null ? target : writers.get(clusterId) + "-new");
    }
}
