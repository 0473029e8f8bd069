package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * FAILOVER_DNS and FAILBACK_DNS on Route 53, in one of two modes ({@code mode} parameter):
 * <ul>
 *   <li>{@code failover} (default): the PRIMARY record of a failover pair is given the SECONDARY's
 *   values, so clients go to the secondary whatever the primary's health check says. The original
 *   primary values are kept with the claim ({@link #prepare}) and restored on failback.</li>
 *   <li>{@code weighted}: the record with {@code setIdentifier} gets {@code weight} (default 0);
 *   failback restores the weight it had.</li>
 * </ul>
 * Parameters: {@code hostedZoneId}, {@code recordName}, {@code recordType} (default A). Failback
 * reads what to restore from {@code undo.*} parameters, which the runner fills from the failover
 * action's claim.
 */
public final class DnsExecutor implements ActionExecutor {
    static final String PRIMARY_VALUES = "primaryValues";
    static final String SECONDARY_VALUES = "secondaryValues";
    static final String ORIGINAL_WEIGHT = "originalWeight";
    /** Values of several resource records are joined with a newline: it cannot occur inside one. */
    private static final String SEP = "\n";

    private final Dns dns;

    public DnsExecutor(Dns dns) {
        this.dns = dns;
    }

    @Override
    public Set<ActionType> types() {
        return EnumSet.of(ActionType.FAILOVER_DNS, ActionType.FAILBACK_DNS);
    }

    @Override
    public void validate(RecoveryAction action) {
        Params.required(action, "hostedZoneId");
        Params.required(action, "recordName");
        if (weighted(action)) {
            Params.required(action, "setIdentifier");
            if (action.getType() == ActionType.FAILOVER_DNS) {
                targetWeight(action, true);
            }
        }
    }

    @Override
    public String liveState(RecoveryAction action) {
        String records = "the records " + action.getParameters().get("recordName") + " in hosted zone "
                + action.getParameters().get("hostedZoneId");
        return action.getType() == ActionType.FAILOVER_DNS ? records + " (what to fail over to, what to restore)"
                : records + ", and what the failover stored with its claim";
    }

    @Override
    public Map<String, String> prepare(RecoveryAction action) {
        if (action.getType() != ActionType.FAILOVER_DNS) {
            return Collections.emptyMap();
        }
        Map<String, String> intent = new HashMap<>();
        if (weighted(action)) {
            Dns.DnsRecord r = bySetId(action, Params.required(action, "setIdentifier"));
            intent.put(ORIGINAL_WEIGHT, String.valueOf(r.weight == null ? 0 : r.weight));
        } else {
            intent.put(PRIMARY_VALUES, String.join(SEP, byRole(action, "PRIMARY").values));
            intent.put(SECONDARY_VALUES, String.join(SEP, byRole(action, "SECONDARY").values));
        }
        return intent;
    }

    @Override
    public String execute(RecoveryAction action) {
        boolean failover = action.getType() == ActionType.FAILOVER_DNS;
        String zone = Params.required(action, "hostedZoneId");
        String comment = "vigil " + action.getActionId();
        if (weighted(action)) {
            Dns.DnsRecord r = bySetId(action, Params.required(action, "setIdentifier"));
            long weight = targetWeight(action, failover);
            dns.upsert(zone, r.withWeight(weight), comment);
            return r.name + " [" + r.setIdentifier + "] weight " + r.weight + " -> " + weight;
        }
        Dns.DnsRecord primary = byRole(action, "PRIMARY");
        List<String> values = targetValues(action, failover);
        dns.upsert(zone, primary.withValues(values), comment);
        return primary.name + " PRIMARY " + primary.values + " -> " + values
                + (failover ? " (the secondary's values)" : " (restored)");
    }

    @Override
    public Verification verify(RecoveryAction action) {
        boolean failover = action.getType() == ActionType.FAILOVER_DNS;
        if (weighted(action)) {
            Dns.DnsRecord r = bySetId(action, Params.required(action, "setIdentifier"));
            return r.weight != null && r.weight == targetWeight(action, failover)
                    ? Verification.DONE : Verification.NOT_DONE;
        }
        return byRole(action, "PRIMARY").values.equals(targetValues(action, failover))
                ? Verification.DONE : Verification.NOT_DONE;
    }

    private static boolean weighted(RecoveryAction action) {
        String mode = Params.orDefault(action, "mode", "failover");
        if (!mode.equals("failover") && !mode.equals("weighted")) {
            throw ActionException.finalError("InvalidParameter",
                    "parameter 'mode': expected failover or weighted, got '" + mode + "'");
        }
        return mode.equals("weighted");
    }

    private static long targetWeight(RecoveryAction action, boolean failover) {
        String key = failover ? "weight" : "undo." + ORIGINAL_WEIGHT;
        String v = failover ? Params.orDefault(action, key, "0") : Params.required(action, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ActionException.finalError("InvalidParameter", "parameter '" + key + "': expected an integer, got '"
                    + v + "'");
        }
    }

    private static List<String> targetValues(RecoveryAction action, boolean failover) {
        String v = failover ? Params.required(action, SECONDARY_VALUES)
                : Params.required(action, "undo." + PRIMARY_VALUES);
        return Arrays.asList(v.split(SEP));
    }

    private Dns.DnsRecord byRole(RecoveryAction action, String role) {
        for (Dns.DnsRecord r : all(action)) {
            if (role.equals(r.failover)) {
                return r;
            }
        }
        throw ActionException.finalError("RecordNotFound", "no " + role + " failover record "
                + Params.required(action, "recordName"));
    }

    private Dns.DnsRecord bySetId(RecoveryAction action, String setId) {
        for (Dns.DnsRecord r : all(action)) {
            if (setId.equals(r.setIdentifier)) {
                return r;
            }
        }
        throw ActionException.finalError("RecordNotFound", "no record " + Params.required(action, "recordName")
                + " with set identifier " + setId);
    }

    private List<Dns.DnsRecord> all(RecoveryAction action) {
        return dns.records(Params.required(action, "hostedZoneId"), Params.required(action, "recordName"),
                Params.orDefault(action, "recordType", "A"));
    }
}
