package dev.vigil.detector.resource;

import java.util.HashMap;
import java.util.Map;

/**
 * RDS's failover events by id, from AWS's "Amazon RDS event categories and event messages" (DB
 * instance and DB cluster tables, categories failover and global failover). The message text is
 * not used: "not attempting a requested failover" and "failover has failed" both mention a
 * failover without one having started.
 */
final class RdsEvents {
    enum Phase { STARTED, ENDED, FAILED, PROGRESS }

    private static final Map<String, Phase> PHASES = new HashMap<>();

    static {
        // DB instance (Multi-AZ)
        put(Phase.STARTED, "RDS-EVENT-0013", // failover promoting the standby has started
                "RDS-EVENT-0050"); // Multi-AZ activation started after instance recovery
        put(Phase.ENDED, "RDS-EVENT-0015", // failover promoting the standby is complete
                "RDS-EVENT-0049", // Multi-AZ failover has completed
                "RDS-EVENT-0051", // Multi-AZ activation is complete
                "RDS-EVENT-0065"); // recovered from a partial failover
        put(Phase.PROGRESS, "RDS-EVENT-0034"); // not attempting a requested failover: one recently occurred
        // DB cluster (Aurora, Multi-AZ DB cluster)
        put(Phase.STARTED, "RDS-EVENT-0072", // failover begun within the same Availability Zone
                "RDS-EVENT-0073", // failover begun across Availability Zones
                "RDS-EVENT-0070"); // failover restarted
        put(Phase.ENDED, "RDS-EVENT-0071"); // failover finished
        put(Phase.FAILED, "RDS-EVENT-0069"); // failover failed
        // Global database
        put(Phase.STARTED, "RDS-EVENT-0181");
        put(Phase.PROGRESS, "RDS-EVENT-0182", "RDS-EVENT-0183", "RDS-EVENT-0184");
        put(Phase.ENDED, "RDS-EVENT-0185", // finished on the primary cluster
                "RDS-EVENT-0186"); // canceled
        put(Phase.FAILED, "RDS-EVENT-0187");
    }

    private RdsEvents() {}

    private static void put(Phase phase, String... ids) {
        for (String id : ids) {
            PHASES.put(id, phase);
        }
    }

    /** The failover phase an event id reports; null for any other id (or none). */
    static Phase phaseOf(String eventId) {
        return eventId == null ? null : PHASES.get(eventId);
    }
}
