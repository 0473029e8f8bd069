package dev.vigil.actions.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The Route 53 calls DNS failover needs: read the record sets of one name and type, upsert one. */
public interface Dns {
    /** Every record set with this name and type in the zone (one per set identifier). */
    List<DnsRecord> records(String hostedZoneId, String name, String type);

    /** Creates or replaces one record set; {@code comment} names the Vigil action for the audit trail. */
    void upsert(String hostedZoneId, DnsRecord record, String comment);

    /**
     * One record set. {@code failover} is PRIMARY or SECONDARY for failover routing, {@code weight}
     * is set for weighted routing; both null for simple routing. Alias records are not handled.
     */
    final class DnsRecord {
        public final String name;
        public final String type;
        public final String setIdentifier;
        public final String failover;
        public final Long weight;
        public final long ttl;
        public final List<String> values;
        public final String healthCheckId;

        public DnsRecord(String name, String type, String setIdentifier, String failover, Long weight, long ttl,
                         List<String> values, String healthCheckId) {
            this.name = name;
            this.type = type;
            this.setIdentifier = setIdentifier;
            this.failover = failover;
            this.weight = weight;
            this.ttl = ttl;
            this.values = Collections.unmodifiableList(new ArrayList<>(values));
            this.healthCheckId = healthCheckId;
        }

        public DnsRecord withValues(List<String> v) {
            return new DnsRecord(name, type, setIdentifier, failover, weight, ttl, v, healthCheckId);
        }

        public DnsRecord withWeight(long w) {
            return new DnsRecord(name, type, setIdentifier, failover, w, ttl, values, healthCheckId);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof DnsRecord)) {
                return false;
            }
            DnsRecord r = (DnsRecord) o;
            return ttl == r.ttl && name.equals(r.name) && type.equals(r.type)
                    && Objects.equals(setIdentifier, r.setIdentifier) && Objects.equals(failover, r.failover)
                    && Objects.equals(weight, r.weight) && values.equals(r.values)
                    && Objects.equals(healthCheckId, r.healthCheckId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, type, setIdentifier);
        }

        @Override
        public String toString() {
            return name + " " + type + (setIdentifier == null ? "" : " [" + setIdentifier + "]")
                    + (failover == null ? "" : " " + failover) + (weight == null ? "" : " weight=" + weight)
                    + " " + values;
        }
    }
}
