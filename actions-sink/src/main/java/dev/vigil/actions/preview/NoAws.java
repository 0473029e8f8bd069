package dev.vigil.actions.preview;

import dev.vigil.actions.exec.Database;
import dev.vigil.actions.exec.Dns;
import dev.vigil.actions.exec.Fleet;
import dev.vigil.actions.exec.Notifier;
import dev.vigil.actions.exec.Services;
import dev.vigil.actions.exec.Traffic;

import java.util.List;

/**
 * The AWS behind the executors in a preview: there is none. A preview only validates and asks what
 * an action would read ({@code liveState}), so none of these is ever called; if one were, the
 * preview fails loudly instead of quietly reaching out.
 */
final class NoAws implements Fleet, Dns, Database, Services, Traffic, Notifier {
    private static IllegalStateException refused() {
        return new IllegalStateException("a preview makes no AWS calls");
    }

    @Override public String instanceState(String instanceId) { throw refused(); }
    @Override public String groupOf(String instanceId) { throw refused(); }
    @Override public InstanceHealth health(String instanceId) { throw refused(); }
    @Override public void terminateInGroup(String instanceId) { throw refused(); }
    @Override public void reboot(String instanceId) { throw refused(); }
    @Override public GroupSize group(String groupName) { throw refused(); }
    @Override public void setDesiredCapacity(String groupName, int desired) { throw refused(); }
    @Override public List<DnsRecord> records(String hostedZoneId, String name, String type) { throw refused(); }
    @Override public void upsert(String hostedZoneId, DnsRecord record, String comment) { throw refused(); }
    @Override public DbInstance instance(String dbInstanceId) { throw refused(); }
    @Override public void rebootWithFailover(String dbInstanceId) { throw refused(); }
    @Override public String clusterWriter(String clusterId) { throw refused(); }
    @Override public void failoverCluster(String clusterId, String target) { throw refused(); }
    @Override public String primaryDeployment(String cluster, String service) { throw refused(); }
    @Override public void forceNewDeployment(String cluster, String service) { throw refused(); }
    @Override public String sendCommand(List<String> ids, String document, List<String> commands, String comment) {
        throw refused();
    }
    @Override public String targetState(String targetGroupArn, String targetId) { throw refused(); }
    @Override public void deregister(String targetGroupArn, String targetId) { throw refused(); }
    @Override public void startZonalShift(String resourceArn, String zone, String expiresIn, String comment) {
        throw refused();
    }
    @Override public boolean zonalShiftActive(String resourceArn, String zone) { throw refused(); }
    @Override public String publish(String topicArn, String subject, String message, String deduplicationId,
                                    String groupId) {
        throw refused();
    }
}
