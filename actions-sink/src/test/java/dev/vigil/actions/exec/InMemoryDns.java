package dev.vigil.actions.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Record sets of one or more zones in a map keyed by zone, name, type and set identifier. */
public final class InMemoryDns implements Dns {
    public final Faults faults = new Faults();
    public final Map<String, DnsRecord> records = new LinkedHashMap<>();
    public final List<String> calls = new ArrayList<>();

    public InMemoryDns put(String zone, DnsRecord r) {
        records.put(key(zone, r), r);
        return this;
    }

    @Override
    public List<DnsRecord> records(String hostedZoneId, String name, String type) {
        List<DnsRecord> out = new ArrayList<>();
        records.forEach((k, r) -> {
            if (k.startsWith(hostedZoneId + "|") && r.name.equals(name) && r.type.equals(type)) {
                out.add(r);
            }
        });
        return out;
    }

    @Override
    public void upsert(String hostedZoneId, DnsRecord record, String comment) {
        faults.check();
        calls.add("upsert " + record + " (" + comment + ")");
        records.put(key(hostedZoneId, record), record);
    }

    private static String key(String zone, DnsRecord r) {
        return zone + "|" + r.name + "|" + r.type + "|" + r.setIdentifier;
    }
}
