package dev.vigil.actions.exec.aws;

import dev.vigil.actions.exec.Dns;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.ArrayList;
import java.util.List;

/** {@link Dns} on Route 53. Names are compared with their trailing dot, as Route 53 returns them. */
public final class Route53Dns implements Dns {
    private final Route53Client route53;

    public Route53Dns(Route53Client route53) {
        this.route53 = route53;
    }

    @Override
    public List<DnsRecord> records(String hostedZoneId, String name, String type) {
        String fqdn = fqdn(name);
        ListResourceRecordSetsResponse r = route53.listResourceRecordSets(b -> b.hostedZoneId(hostedZoneId)
                .startRecordName(fqdn).startRecordType(type));
        List<DnsRecord> out = new ArrayList<>();
        for (ResourceRecordSet s : r.resourceRecordSets()) {
            if (!fqdn.equalsIgnoreCase(fqdn(s.name())) || !type.equals(s.typeAsString())) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (ResourceRecord rr : s.resourceRecords()) {
                values.add(rr.value());
            }
            out.add(new DnsRecord(fqdn, type, s.setIdentifier(), s.failoverAsString(), s.weight(),
                    s.ttl() == null ? 60 : s.ttl(), values, s.healthCheckId()));
        }
        return out;
    }

    @Override
    public void upsert(String hostedZoneId, DnsRecord record, String comment) {
        List<ResourceRecord> values = new ArrayList<>();
        for (String v : record.values) {
            values.add(ResourceRecord.builder().value(v).build());
        }
        ResourceRecordSet set = ResourceRecordSet.builder().name(record.name).type(record.type)
                .setIdentifier(record.setIdentifier).failover(record.failover).weight(record.weight)
                .ttl(record.ttl).resourceRecords(values).healthCheckId(record.healthCheckId).build();
        route53.changeResourceRecordSets(b -> b.hostedZoneId(hostedZoneId)
                .changeBatch(c -> c.comment(comment.length() <= 256 ? comment : comment.substring(0, 256))
                        .changes(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(set).build())));
    }

    private static String fqdn(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
